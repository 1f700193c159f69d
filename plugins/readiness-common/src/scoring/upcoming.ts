import { CheckResult, UpcomingOutcome } from '../types';
import { CompiledCheck } from './compiledChecks';
import { passesGate, pointsFor, roundScore } from './points';
import { LevelRules, ScoreTally, levelOutcome } from './scoreTally';

/** A staged check's result before its date: `upcoming`, with the status it would have. */
export function asUpcoming(
  check: CompiledCheck,
  result: CheckResult,
): CheckResult {
  return {
    ...result,
    status: 'upcoming',
    points: null,
    upcoming: { effectiveFrom: check.effectiveFrom!, status: result.status },
  };
}

/**
 * The entity's level and score on each date its upcoming checks start to
 * count, with today's answers: each date adds its checks to those before it,
 * exactly as the tally would count them then.
 */
export function upcomingOutcomes(
  tally: ScoreTally,
  rules: LevelRules,
  checkCount: number,
): UpcomingOutcome[] {
  const staged = [...(tally.staged ?? [])].sort(
    (a, b) => a.check.effectiveFromMs - b.check.effectiveFromMs,
  );
  const outcomes: UpcomingOutcome[] = [];
  let { totalWeight, totalPoints, firstBlocked, upcomingChecks } = tally;
  let notApplicable = tally.notApplicableChecks + tally.exemptChecks;
  for (let i = 0; i < staged.length; ) {
    const effectiveFrom = staged[i].check.effectiveFrom!;
    const checks: string[] = [];
    for (
      ;
      i < staged.length && staged[i].check.effectiveFrom === effectiveFrom;
      i++
    ) {
      const { check, wouldBe: status } = staged[i];
      const points = pointsFor(status);
      checks.push(check.id);
      upcomingChecks--;
      if (points !== null) {
        totalWeight += check.weight;
        totalPoints += check.weight * points;
      }
      // Exempt counts as N/A does: not applicable for the time being.
      if (status === 'not-applicable' || status === 'exempt') notApplicable++;
      else if (check.gate && !passesGate(status)) {
        firstBlocked = Math.min(firstBlocked, check.levelIndex);
      }
    }
    const { applicable, level, passed } = levelOutcome(
      rules,
      checkCount,
      checkCount - notApplicable - upcomingChecks,
      firstBlocked,
    );
    const outcome: UpcomingOutcome = {
      effectiveFrom,
      checks,
      level,
      score:
        totalWeight > 0 ? roundScore((100 * totalPoints) / totalWeight) : null,
      lifecycleGatePassed: passed,
    };
    if (!applicable) outcome.notAssessed = true;
    outcomes.push(outcome);
  }
  return outcomes;
}
