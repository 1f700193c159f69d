import { NoticeKind } from '../noticeKind';
import { expiringAnswers, expiryNotice } from './answerExpiry';

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
    const now = context.now.getTime();
    return expiringAnswers(subject, context)
      .filter(({ result }) => Date.parse(result.expiresAt) <= now)
      .map(answer =>
        expiryNotice(this, subject, answer, {
          title: (entity, day) =>
            `${entity}: "${answer.check.title}" expired on ${day}`,
          description: day =>
            `The answer to "${answer.check.title}" expired on ${day} and no longer counts; answer it again.`,
          severity: 'high',
        }),
      );
  },
  changesAt(subject, context) {
    return expiringAnswers(subject, context).map(({ result }) =>
      Date.parse(result.expiresAt),
    );
  },
};
