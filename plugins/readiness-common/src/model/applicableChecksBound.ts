import { ReadinessCheck } from '../types';
import { dayStartMs } from '../scoring/points';

/** The kind fewest checks apply to, of those any check applies to. */
function kindWithFewestChecks(
  checks: ReadinessCheck[],
): { kind: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const check of checks) {
    for (const kind of check.appliesTo) {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
  }
  let fewest: { kind: string; count: number } | undefined;
  for (const [kind, count] of counts) {
    if (!fewest || count < fewest.count) fewest = { kind, count };
  }
  return fewest;
}

/**
 * Checks `readiness.minimumApplicableChecks` against the checks that apply
 * to each kind: above them all is a problem (no entity of that kind could
 * ever be assessed); above those that count at `now` is a warning, as staged
 * checks count neither as applicable nor as N/A until their day (a warning,
 * so that whether a restart succeeds does not depend on the date).
 */
export function checkApplicableBound(
  minimumApplicable: number,
  checks: ReadinessCheck[],
  now: Date,
  report: { problems: string[]; onWarning?: (message: string) => void },
) {
  const fewest = kindWithFewestChecks(checks);
  if (fewest && minimumApplicable > fewest.count) {
    report.problems.push(
      `readiness.minimumApplicableChecks: ${minimumApplicable} is more than the ${fewest.count} checks that apply to ${fewest.kind} entities, which could never be assessed`,
    );
    return;
  }
  const nowMs = now.getTime();
  const today = kindWithFewestChecks(
    checks.filter(
      c =>
        c.effectiveFrom === undefined || dayStartMs(c.effectiveFrom) <= nowMs,
    ),
  );
  if (today && minimumApplicable > today.count) {
    report.onWarning?.(
      `readiness.minimumApplicableChecks: ${minimumApplicable} is more than the ${today.count} checks that apply to ${today.kind} entities until staged checks start to count (effectiveFrom): until then no ${today.kind} entity can be assessed`,
    );
  }
}
