import { exemptionInForce } from '@prodready/plugin-readiness-common';
import { NoticeKind } from '../noticeKind';
import { ownerRecipients } from '../noticeText';
import { checkTitle, exemptionNotice } from './exemptionNotices';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An approved exemption that ends within `exemptionEnding.daysBefore` days:
 * to the entity's owner, once per end date.
 */
export const exemptionEnding: NoticeKind = {
  id: 'exemption-ending',
  topic: 'Readiness: exemption ending',
  enabled: config => config.exemptionEnding.enabled,
  evaluate(subject, { model, config, now }) {
    const at = now.getTime();
    const horizon = at + config.exemptionEnding.daysBefore * DAY_MS;
    return (subject.exemptions ?? [])
      .filter(
        e =>
          exemptionInForce(e, at) &&
          Date.parse(`${e.endsOn}T00:00:00Z`) <= horizon,
      )
      .map(exemption => {
        const title = checkTitle(model, exemption.checkId);
        return exemptionNotice(this, subject, exemption, {
          period: `${exemption.id}:${exemption.endsOn}`,
          recipients: ownerRecipients(subject.scorecard),
          title: entity =>
            `${entity}: exemption of "${title}" ends on ${exemption.endsOn}`,
          description: `The exemption of "${title}" ends on ${exemption.endsOn}; from then the check counts again. Meet it, or request a new exemption.`,
          severity: 'normal',
        });
      });
  },
};
