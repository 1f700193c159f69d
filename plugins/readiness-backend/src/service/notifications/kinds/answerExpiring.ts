import { NoticeKind } from '../noticeKind';
import { expiringAnswers, expiryNotice } from './answerExpiry';

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
    const now = context.now.getTime();
    const horizon = now + context.config.answerExpiring.daysBefore * DAY_MS;
    return expiringAnswers(subject, context)
      .filter(({ result }) => {
        const at = Date.parse(result.expiresAt);
        return at > now && at <= horizon;
      })
      .map(answer =>
        expiryNotice(this, subject, answer, {
          title: (entity, day) =>
            `${entity}: "${answer.check.title}" expires on ${day}`,
          description: day =>
            `The answer to "${answer.check.title}" expires on ${day}; confirm or update it before then to keep its points.`,
          severity: 'normal',
        }),
      );
  },
  changesAt(subject, context) {
    const before = context.config.answerExpiring.daysBefore * DAY_MS;
    return expiringAnswers(subject, context).flatMap(({ result }) => {
      const at = Date.parse(result.expiresAt);
      return [at - before, at];
    });
  },
};
