import { NoticeKind } from '../noticeKind';
import {
  approverRecipients,
  checkTitle,
  exemptionNotice,
  personName,
  reasonWords,
} from './exemptionNotices';

/**
 * A pending exemption request: to the holders of the check's responsible
 * roles on the entity (who may approve it), once per request.
 */
export const exemptionRequested: NoticeKind = {
  id: 'exemption-requested',
  topic: 'Readiness: exemption requested',
  enabled: config => config.exemptionRequested.enabled,
  evaluate(subject, { model }) {
    return (subject.exemptions ?? [])
      .filter(e => e.status === 'pending')
      .map(exemption => {
        const title = checkTitle(model, exemption.checkId);
        return exemptionNotice(this, subject, exemption, {
          period: exemption.id,
          recipients: approverRecipients(subject, model, exemption),
          // Not through a group holding the role either: they may not approve.
          excluded: [exemption.requestedBy],
          title: entity =>
            `${entity}: exemption of "${title}" requested until ${exemption.endsOn}`,
          description: `${personName(
            exemption.requestedBy,
          )} asks to waive "${title}" until ${exemption.endsOn} (${reasonWords(
            exemption.reasonCode,
          )}): ${
            exemption.reasonText
          }. Approve or reject it on the readiness tab.`,
          severity: 'normal',
        });
      });
  },
};
