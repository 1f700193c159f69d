import { ReadinessCheck } from '../types';
import { defaultChecks } from './checks';

/**
 * The entity kinds (lower case) at least one check applies to: the kinds that
 * get a scorecard. The default checklist's kinds when no checks are given.
 * @public
 */
export function readinessKinds(
  checks: Pick<ReadinessCheck, 'appliesTo'>[] = defaultChecks,
): string[] {
  return [
    ...new Set(checks.flatMap(c => c.appliesTo.map(k => k.toLowerCase()))),
  ];
}
