import {
  computeRollups,
  Rollup,
  RollupListResponse,
  ScorecardSummary,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { ReadinessApi, RollupListQuery } from '../api/ReadinessApi';
import { paymentsApi, scorecardOf } from './scorecards';

/*
 * A small organisation rolled up by the real engine: ACME → Engineering →
 * Payments and Checkout, with scored components in both teams.
 */

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
) {
  const entity = paymentsApi(annotations);
  entity.metadata.name = name;
  entity.metadata.title = name
    .split('-')
    .map(w => w[0].toLocaleUpperCase('en-US') + w.slice(1))
    .join(' ');
  entity.spec = { ...entity.spec, owner };
  return scorecardOf(entity);
}

export const scorecards = [
  component('payments-api', 'group:default/payments-team', {}),
  component('payments-ledger', 'group:default/payments-team', {
    'prodready.dev/check.scalability.sizing': 'met',
    'prodready.dev/check.security.secrets-management': 'met',
  }),
  component('checkout-service', 'group:default/checkout-team', {
    'prodready.dev/check.scalability.sizing': 'met',
    'prodready.dev/check.scalability.autoscaling': 'partial',
    'prodready.dev/check.cost.baseline-cost': 'met',
  }),
];

export const { rollups } = computeRollups(scorecards.map(toRollupMember), {
  groups: [
    {
      ref: 'group:default/acme',
      title: 'ACME Corp',
      children: ['group:default/engineering'],
    },
    {
      ref: 'group:default/engineering',
      title: 'Engineering',
      parent: 'group:default/acme',
    },
    {
      ref: 'group:default/payments-team',
      title: 'Payments',
      parent: 'group:default/engineering',
    },
    {
      ref: 'group:default/checkout-team',
      title: 'Checkout',
      parent: 'group:default/engineering',
    },
  ],
  systems: [
    {
      ref: 'system:default/payments-core',
      title: 'Payments Core',
      domain: 'domain:default/payments',
    },
  ],
  domains: [{ ref: 'domain:default/payments', title: 'Payments' }],
});

export const rollup = (ref: string) => rollups.find(r => r.ref === ref)!;

export const summaries: ScorecardSummary[] = scorecards.map(s => ({
  ...toRollupMember(s),
  title: s.title,
  computedAt: s.computedAt,
}));

/** listRollups and getRollup over the fixture, as the backend answers them. */
export function rollupApi(): Pick<
  ReadinessApi,
  'listRollups' | 'getRollup' | 'listSystemCosts'
> & {
  listRollups: jest.Mock;
  getRollup: jest.Mock;
  listSystemCosts: jest.Mock;
} {
  return {
    listRollups: jest.fn(
      async (query: RollupListQuery): Promise<RollupListResponse> => {
        let items: Rollup[] = rollups.filter(r => r.kind === query.by);
        if (query.parent === 'none') items = items.filter(r => !r.parent);
        else if (query.parent)
          items = items.filter(r => r.parent === query.parent);
        if (query.q) {
          const q = query.q.toLocaleLowerCase('en-US');
          items = items.filter(r =>
            (r.title ?? r.ref).toLocaleLowerCase('en-US').includes(q),
          );
        }
        if (query.sort) {
          const key = (r: Rollup) =>
            query.sort === 'score' ? r.score ?? -1 : r.title ?? r.ref;
          const direction = query.order === 'desc' ? -1 : 1;
          items = [...items].sort((a, b) => {
            if (key(a) === key(b)) return 0;
            return (key(a) < key(b) ? -1 : 1) * direction;
          });
        }
        const offset = query.offset ?? 0;
        return {
          by: query.by,
          items: items.slice(offset, offset + (query.limit ?? 100)),
          totalCount: items.length,
          asOf: query.asOf ? '2026-11-01' : undefined,
          computedAt: new Date().toISOString(),
          stale: false,
        };
      },
    ),
    getRollup: jest.fn(async (ref: string, options = {}) => {
      const owned = summaries.filter(s => s.owner === ref);
      const offset = options.offset ?? 0;
      const children = rollups.filter(r => r.parent === ref);
      return {
        rollup: rollup(ref),
        children,
        childrenTotal: children.length,
        entities: owned.slice(offset, offset + (options.limit ?? 50)),
        entitiesTotal: owned.length,
        trend: [
          { day: '2026-10-01', score: 10 },
          { day: '2026-11-01', score: rollup(ref).score },
        ],
        asOf: options.asOf ? '2026-11-01' : undefined,
        stale: false,
      };
    }),
    // The organisation page's cost by System: no Systems costed.
    listSystemCosts: jest.fn(async (query: { users?: number }) => ({
      users: query.users ?? 1000,
      items: [],
      totalCount: 0,
    })),
  };
}
