import { EntityScorecard, RollupAggregate } from '../types';
import type { ExemptionCounts } from '../exemptions/types';
import { exemptionEndingSoon } from '../exemptions/exemptionDates';

/*
 * The exemptions a rollup flags ("3 exemptions, 1 expiring this month"):
 * per member, the checks exempt at the scorecard's time and those of them
 * whose exemption ends within 30 days; summed like the other counters.
 */

/** A scorecard's exemption counts, or undefined when no check is exempt. */
export function exemptionCountsOf(
  scorecard: EntityScorecard,
): ExemptionCounts | undefined {
  // The category counts tell whether any check is exempt (most scorecards
  // have none) without reading every check; counts stored before exemptions
  // existed have no such field and are read the long way.
  if (scorecard.categories.every(c => c.counts?.exempt === 0)) {
    return undefined;
  }
  // Parsed only when a check is exempt.
  let now: number | undefined;
  let active = 0;
  let endingSoon = 0;
  for (const result of scorecard.checks) {
    if (result.status !== 'exempt' || !result.exemption) continue;
    active++;
    now ??= Date.parse(scorecard.computedAt);
    if (exemptionEndingSoon(result.exemption.endsOn, now)) endingSoon++;
  }
  return active ? { active, endingSoon } : undefined;
}

/**
 * Adds `counts` times `sign` to an aggregate's exemption counts, dropping
 * them when they return to zero (so incremental and from-scratch
 * aggregates are equal).
 */
export function addExemptionCounts(
  aggregate: RollupAggregate,
  counts: ExemptionCounts,
  sign: number,
) {
  const total = (aggregate.exemptions ??= { active: 0, endingSoon: 0 });
  total.active += sign * counts.active;
  total.endingSoon += sign * counts.endingSoon;
  if (total.active === 0 && total.endingSoon === 0) delete aggregate.exemptions;
}
