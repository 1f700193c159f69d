import { ReadinessLevel } from '../types';

/**
 * Default maturity levels, lowest first.
 * @public
 */
export const defaultLevels: ReadinessLevel[] = [
  {
    id: 'bronze',
    title: 'Bronze',
    description:
      'Safe to run: owned, monitored, backed up, availability target decided, access reviewed.',
  },
  {
    id: 'silver',
    title: 'Silver',
    description:
      'Production ready: load tested, restores proven, disaster recovery planned, on-call alerting, roles assigned.',
  },
  {
    id: 'gold',
    title: 'Gold',
    description:
      'Operationally excellent: disaster recovery exercised and penetration tested.',
  },
];
