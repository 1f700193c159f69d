import {
  AnswerInput,
  CheckResult,
  EntityScorecard,
  passesGate,
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessModel,
  RoleResult,
} from '@prodready/plugin-readiness-common';
import { DAY_MS } from './format';

/** Answers expiring within this many days count as "expiring". */
export const EXPIRING_WITHIN_DAYS = 30;

/** A check result with its definition from the model. */
export interface CheckRowData {
  result: CheckResult;
  definition: ReadinessCheck;
}

/** Failing: anything that would not pass a gate (not met, partial, unknown, expired). */
export function isFailing(check: CheckResult): boolean {
  return !passesGate(check.status);
}

/** Expired, or expiring within {@link EXPIRING_WITHIN_DAYS} days of `now`. */
export function isExpiring(check: CheckResult, now: Date): boolean {
  if (check.expiredSince) return true;
  if (!check.expiresAt) return false;
  return (
    Date.parse(check.expiresAt) - now.getTime() <= EXPIRING_WITHIN_DAYS * DAY_MS
  );
}

/** Checks scored from role health are answered by assigning roles, not in the answer form. */
export function isAnswerable(definition: ReadinessCheck): boolean {
  return definition.scoredBy !== 'role-health';
}

/**
 * The version of the portal answer the user sees, which a write must name
 * for optimistic concurrency: 0 when there is no portal answer.
 */
export function portalAnswerVersion(check: CheckResult): number {
  if (check.source === 'portal') return check.answer?.version ?? 0;
  if (check.conflict) return check.conflict.portal.version ?? 0;
  return 0;
}

/** The portal answer of a check, if there is one (also when an annotation disagrees). */
export function portalAnswerOf(
  check: CheckResult,
): ReadinessAnswer | undefined {
  if (check.source === 'portal') return check.answer;
  return check.conflict?.portal;
}

/**
 * The entity's own portal assignment of a role, if it has one: not one it
 * inherits from its System, which is the System's to change.
 */
export function ownPortalAssignment(role: RoleResult) {
  return role.source === 'portal' && role.assignment?.source === 'portal'
    ? role.assignment
    : undefined;
}

/** The version of the entity's own portal role assignment, 0 for none. */
export function portalRoleVersion(role: RoleResult): number {
  return ownPortalAssignment(role)?.version ?? 0;
}

/** The same answer again, for a re-attestation (the backend gives it a new date). */
export function reattestInput(
  answer: ReadinessAnswer,
): Omit<AnswerInput, 'version'> {
  const input: Omit<AnswerInput, 'version'> = { status: answer.status };
  if (answer.notApplicableReason)
    input.notApplicableReason = answer.notApplicableReason;
  if (answer.notApplicableText)
    input.notApplicableText = answer.notApplicableText;
  if (answer.evidenceUrl) input.evidenceUrl = answer.evidenceUrl;
  if (answer.note) input.note = answer.note;
  return input;
}

/** Joins each check result of a scorecard with its definition, in model order. */
export function checkRows(
  scorecard: EntityScorecard,
  model: ReadinessModel,
): CheckRowData[] {
  const definitions = new Map(model.checks.map(c => [c.id, c]));
  return scorecard.checks.flatMap(result => {
    const definition = definitions.get(result.checkId);
    return definition ? [{ result, definition }] : [];
  });
}

/**
 * The biggest gaps: failing checks, gate checks first, then by weight
 * (highest first), then in model order.
 */
export function topGaps(
  scorecard: EntityScorecard,
  model: ReadinessModel,
  count = 3,
): CheckRowData[] {
  return checkRows(scorecard, model)
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => isFailing(row.result))
    .sort(
      (a, b) =>
        Number(b.row.definition.gate) - Number(a.row.definition.gate) ||
        b.row.definition.weight - a.row.definition.weight ||
        a.index - b.index,
    )
    .slice(0, count)
    .map(({ row }) => row);
}

/**
 * Whether people said anything about the entity: an answer from an
 * annotation, the portal or the System, or a role holder. Automatic findings
 * alone do not count, they appear without anyone answering.
 */
export function hasOwnerAnswers(scorecard: EntityScorecard): boolean {
  return (
    scorecard.checks.some(
      c =>
        c.source === 'portal' ||
        c.source === 'annotation' ||
        c.source === 'inherited',
    ) || scorecard.roles.some(r => r.holders.length > 0)
  );
}
