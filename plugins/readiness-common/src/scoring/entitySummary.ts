import { Entity } from '@backstage/catalog-model';
import { CheckResult, CheckStatus, UpcomingOutcome } from '../types';
import type { ExemptionCounts } from '../exemptions/types';
import { entityRefOf, ownerRefOf, systemRefOf } from '../refs';
import { RoleEvaluation } from './roleHealth';
import { roleGapsOf } from './roleGaps';
import type { RollupMember } from './rollups';
import { ScoreTally } from './scoreTally';

/**
 * One entity scored without its scorecard (see `ReadinessEngine.summarize`):
 * what rollups and lists need, and each check's status.
 * @public
 */
export interface EntitySummary {
  /** Equal to `toRollupMember` of the entity's scorecard. */
  member: RollupMember;
  /** The entity's title, as in the scorecard. */
  title?: string;
  /** The ids of the checks that apply to the entity's kind, in scorecard order (shared). */
  checkIds: readonly string[];
  /** The status of each check of `checkIds`, as in the scorecard. */
  statuses: CheckStatus[];
  /** For upcoming (staged) checks, by the same index: the status each would have. */
  wouldBe?: CheckStatus[];
  /** When the first of the entity's own answers expires or expired: {@link nextOwnExpiryOf} its scorecard's checks. */
  nextExpiry?: string;
}

/**
 * When the first of an entity's own answers (portal, annotation or pushed,
 * not its System's: those are the System's to renew) expires, or expired:
 * the earliest `expiresAt` of its results that are not inherited.
 * @public
 */
export function nextOwnExpiryOf(
  checks: readonly Pick<CheckResult, 'expiresAt' | 'source'>[],
): string | undefined {
  let next: string | undefined;
  let nextMs = Infinity;
  for (const { expiresAt, source } of checks) {
    if (!expiresAt || source === 'inherited') continue;
    const ms = Date.parse(expiresAt);
    if (ms < nextMs) [next, nextMs] = [expiresAt, ms];
  }
  return next;
}

/** An entity's title, when its metadata has one that is text. */
export function titleOf(entity: Entity): string | undefined {
  const title = entity.metadata.title;
  return typeof title === 'string' ? title : undefined;
}

/** What a rollup member is made of, as the engine has it after the tally. */
export interface MemberParts {
  entity: Entity;
  kind: string;
  tally: ScoreTally;
  level: string | null;
  passed: boolean;
  roleEvaluation: RoleEvaluation;
  domain: string | undefined;
  lifecycle: string | undefined;
  applicable: boolean;
  exemptions: ExemptionCounts | undefined;
  upcoming: UpcomingOutcome[] | undefined;
}

/**
 * The rollup member of an entity straight from the tally: the same fields
 * in the same order as `toRollupMember` gives from the scorecard (stored
 * JSON and fingerprints depend on the order).
 */
export function rollupMemberOf(parts: MemberParts): RollupMember {
  const { entity, tally } = parts;
  const member: RollupMember = {
    entityRef: entityRefOf(entity),
    kind: parts.kind,
    score: tally.score(),
    // The tally's scores-only record (see ScoreTally).
    categories: tally.categoryScores!,
    level: parts.level,
    gateFailures: tally.gateFailures,
    productionBelowGate: !parts.passed,
    roleProblems: parts.roleEvaluation.problemCount,
  };
  const owner = ownerRefOf(entity);
  if (owner) member.owner = owner;
  const system = systemRefOf(entity);
  if (system) member.system = system;
  if (parts.domain) member.domain = parts.domain;
  if (parts.lifecycle) member.lifecycle = parts.lifecycle;
  const roleGaps = roleGapsOf(parts.roleEvaluation);
  if (roleGaps) member.roleGaps = roleGaps;
  if (!parts.applicable) member.notAssessed = true;
  if (parts.exemptions) member.exemptions = parts.exemptions;
  if (parts.upcoming) {
    member.upcoming = parts.upcoming.map(
      ({ checks, score, ...outcome }) => outcome,
    );
  }
  return member;
}
