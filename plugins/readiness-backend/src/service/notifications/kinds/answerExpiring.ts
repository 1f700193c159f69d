import { NoticeKind } from '../noticeKind';
import {
  checkRecipients,
  entityName,
  noticeScope,
  readinessTabLink,
} from '../noticeText';
import { dayOf, expiringAnswers } from './answerExpiry';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An answer that expires within `answerExpiring.daysBefore` days: to the
 * owner and the holders of the check's responsible roles. Sent once per
 * expiry date, so a renewed answer that nears its new date is sent again.
 */
export const answerExpiring: NoticeKind = {
  id: 'answer-expiring',
  topic: 'Readiness: answer expiring',
  enabled: config => config.answerExpiring.enabled,
  evaluate(subject, context) {
    const { scorecard } = subject;
    const now = context.now.getTime();
    const horizon = now + context.config.answerExpiring.daysBefore * DAY_MS;
    return expiringAnswers(subject, context)
      .filter(({ result }) => {
        const at = Date.parse(result.expiresAt);
        return at > now && at <= horizon;
      })
      .map(({ check, result }) => {
        const scope = noticeScope(scorecard.entityRef, 'check', check.id);
        return {
          key: { kind: this.id, scope, period: result.expiresAt },
          recipients: checkRecipients(scorecard, check),
          payload: {
            title: `${entityName(scorecard)}: "${
              check.title
            }" expires on ${dayOf(result.expiresAt)}`,
            description: `The answer to "${check.title}" expires on ${dayOf(
              result.expiresAt,
            )}; confirm or update it before then to keep its points.`,
            link: readinessTabLink(scorecard.entityRef, check.id),
            severity: 'normal',
            topic: this.topic,
            scope,
          },
        };
      });
  },
};
