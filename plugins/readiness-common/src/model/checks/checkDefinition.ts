import { ReadinessCheck } from '../../types';

/** What checks apply to unless they say otherwise. */
export const SERVICE_KINDS = ['component', 'system', 'resource'];
/** The kinds that run code: what most operational checks apply to. */
export const WORKLOAD_KINDS = ['component', 'system'];

/** A check as the checklist writes it: its category and the defaults are filled in. */
type CheckDefinition = Omit<
  ReadinessCheck,
  'category' | 'appliesTo' | 'gate' | 'level' | 'weight'
> &
  Partial<Pick<ReadinessCheck, 'appliesTo' | 'gate' | 'level' | 'weight'>>;

export function inCategory(
  category: string,
  checks: CheckDefinition[],
): ReadinessCheck[] {
  return checks.map(c => ({
    weight: 1,
    gate: false,
    level: 'silver',
    appliesTo: SERVICE_KINDS,
    ...c,
    category,
  }));
}
