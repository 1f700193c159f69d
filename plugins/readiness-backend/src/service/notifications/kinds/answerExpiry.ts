import {
  CheckResult,
  ReadinessCheck,
} from '@prodready/plugin-readiness-common';
import { Notice, NoticeSubject, NoticeContext } from '../noticeKind';
import {
  checkRecipients,
  entityName,
  noticeScope,
  readinessTabLink,
} from '../noticeText';

/** A check whose answer earns points and expires, as the expiry notices see it. */
export interface ExpiringAnswer {
  check: ReadinessCheck;
  result: CheckResult & { expiresAt: string };
}

/** Answers that lose their points when they expire: met or partially met. */
const EARNING = new Set(['met', 'partially-met']);

/**
 * The entity's own answers that have an expiry date and earn points.
 * Inherited answers are left to the System they come from, whose own
 * notice reaches the same people once rather than once per part.
 */
export function expiringAnswers(
  { scorecard }: NoticeSubject,
  { model }: NoticeContext,
): ExpiringAnswer[] {
  const checks = new Map(model.checks.map(c => [c.id, c]));
  const found: ExpiringAnswer[] = [];
  for (const result of scorecard.checks) {
    const check = checks.get(result.checkId);
    if (
      check &&
      result.expiresAt &&
      result.source !== 'inherited' &&
      result.answer &&
      EARNING.has(result.answer.status)
    ) {
      found.push({ check, result: result as ExpiringAnswer['result'] });
    }
  }
  return found;
}

/** `2027-03-01T00:00:00.000Z` as `2027-03-01`. */
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * The notice about one expiring answer: keyed by the check's scope and the
 * expiry date (so a renewed answer is noticed again), sent to the owner and
 * the check's responsible role holders, linking to the check.
 */
export function expiryNotice(
  kind: { id: string; topic: string },
  { scorecard }: NoticeSubject,
  { check, result }: ExpiringAnswer,
  text: {
    title: (entity: string, day: string) => string;
    description: (day: string) => string;
    severity: Notice['payload']['severity'];
  },
): Notice {
  const scope = noticeScope(scorecard.entityRef, 'check', check.id);
  const day = dayOf(result.expiresAt);
  return {
    key: { kind: kind.id, scope, period: result.expiresAt },
    recipients: checkRecipients(scorecard, check),
    payload: {
      title: text.title(entityName(scorecard), day),
      description: text.description(day),
      link: readinessTabLink(scorecard.entityRef, check.id),
      severity: text.severity,
      topic: kind.topic,
      scope,
    },
  };
}
