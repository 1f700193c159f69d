import { EntityScorecard } from '@prodready/plugin-readiness-common';

/** A computed scorecard of a component with no checks, as a store test writes it. */
export function componentScorecard(
  entityRef: string,
  fields: Partial<EntityScorecard> = {},
): EntityScorecard {
  return {
    entityRef,
    kind: 'component',
    score: null,
    categories: [],
    level: null,
    lifecycleGate: { production: false, passed: true },
    gateFailures: 0,
    checks: [],
    roles: [],
    roleHealth: [],
    roleProblems: 0,
    problems: [],
    computedAt: '2026-11-26T10:00:00.000Z',
    ...fields,
  };
}
