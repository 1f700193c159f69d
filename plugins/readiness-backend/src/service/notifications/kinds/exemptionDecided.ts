import { NoticeKind } from '../noticeKind';
import { checkTitle, exemptionNotice, personName } from './exemptionNotices';

/**
 * An exemption approved or rejected (in the last 30 days): to its
 * requester, once per decision.
 */
export const exemptionDecided: NoticeKind = {
  id: 'exemption-decided',
  topic: 'Readiness: exemption decided',
  enabled: config => config.exemptionDecided.enabled,
  evaluate(subject, { model }) {
    return (subject.exemptions ?? [])
      .filter(e => e.status === 'approved' || e.status === 'rejected')
      .filter(e => e.decidedBy)
      .map(exemption => {
        const title = checkTitle(model, exemption.checkId);
        const approved = exemption.status === 'approved';
        const by = personName(exemption.decidedBy!);
        const note = exemption.decisionNote
          ? `: ${exemption.decisionNote}`
          : '';
        return exemptionNotice(this, subject, exemption, {
          period: `${exemption.id}:${exemption.status}`,
          recipients: [exemption.requestedBy],
          title: entity =>
            `${entity}: exemption of "${title}" ${
              approved ? 'approved' : 'rejected'
            }`,
          description: approved
            ? `${by} approved the exemption of "${title}" until ${exemption.endsOn}${note}. It counts as exempt until then.`
            : `${by} rejected the exemption of "${title}"${note}. The check counts as failing.`,
          severity: approved ? 'normal' : 'high',
        });
      });
  },
};
