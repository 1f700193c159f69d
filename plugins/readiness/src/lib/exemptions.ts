import { RollupAggregate } from '@prodready/plugin-readiness-common';

/**
 * A rollup's exemptions in words, "3 exemptions, 1 expiring this month"
 * (ending within 30 days), or undefined when it has none.
 */
export function exemptionSummary(
  aggregate: Pick<RollupAggregate, 'exemptions'>,
): string | undefined {
  const counts = aggregate.exemptions;
  if (!counts?.active) return undefined;
  const text = `${counts.active} exemption${counts.active === 1 ? '' : 's'}`;
  return counts.endingSoon
    ? `${text}, ${counts.endingSoon} expiring this month`
    : text;
}
