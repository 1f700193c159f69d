import { NoticeKind } from '../noticeKind';
import {
  checkRecipients,
  entityName,
  noticeScope,
  readinessTabLink,
} from '../noticeText';
import { dayOf, expiringAnswers } from './answerExpiry';

/**
 * An answer that has expired and so no longer counts: to the owner and the
 * holders of the check's responsible roles, once per expiry date. It shares
 * the scope of the warning before it, which it replaces in the inbox.
 */
export const answerExpired: NoticeKind = {
  id: 'answer-expired',
  topic: 'Readiness: answer expired',
  enabled: config => config.answerExpired.enabled,
  evaluate(subject, context) {
    const { scorecard } = subject;
    const now = context.now.getTime();
    return expiringAnswers(subject, context)
      .filter(({ result }) => Date.parse(result.expiresAt) <= now)
      .map(({ check, result }) => {
        const scope = noticeScope(scorecard.entityRef, 'check', check.id);
        return {
          key: { kind: this.id, scope, period: result.expiresAt },
          recipients: checkRecipients(scorecard, check),
          payload: {
            title: `${entityName(scorecard)}: "${
              check.title
            }" expired on ${dayOf(result.expiresAt)}`,
            description: `The answer to "${check.title}" expired on ${dayOf(
              result.expiresAt,
            )} and no longer counts; answer it again.`,
            link: readinessTabLink(scorecard.entityRef, check.id),
            severity: 'high',
            topic: this.topic,
            scope,
          },
        };
      });
  },
};
