import { render, screen, within } from '@testing-library/react';
import {
  computeRollups,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import {
  model,
  paymentsApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { RoleHeatMap } from './RoleHeatMap';

/*
 * For each group, which required roles are unassigned or held by someone who
 * left, counted over the entities below it (rolled up like the scores).
 * Scorecards come from the real engine: payments-api names dmitri as DevOps
 * Leader; ledger names a CTO who has left; checkout has the CTO assigned.
 */
function scored(
  name: string,
  owner: string,
  annotations: Record<string, string>,
) {
  const entity = paymentsApi(annotations);
  entity.metadata.name = name;
  entity.spec = { ...entity.spec, owner };
  return scorecardOf(entity);
}

const { rollups } = computeRollups(
  [
    scored('payments-api', 'group:default/payments-team', {}),
    scored('payments-ledger', 'group:default/payments-team', {
      'prodready.dev/role.cto': 'user:default/gone-since-march',
    }),
    scored('checkout', 'group:default/checkout-team', {
      'prodready.dev/role.cto': 'user:default/alice',
    }),
  ].map(toRollupMember),
  {
    groups: [
      { ref: 'group:default/engineering', title: 'Engineering' },
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
      { ref: 'group:default/new-team', title: 'New team' },
    ],
    systems: [],
    domains: [],
  },
);
const rowOf = (ref: string, depth = 0) => ({
  rollup: rollups.find(r => r.ref === ref)!,
  depth,
});

describe('RoleHeatMap', () => {
  const rows = [
    rowOf('group:default/engineering'),
    rowOf('group:default/payments-team', 1),
    rowOf('group:default/checkout-team', 1),
    rowOf('group:default/new-team'),
  ];

  it('has a column per required role and none for optional ones', () => {
    render(<RoleHeatMap model={model} rows={rows} caption="Role gaps" />);
    const table = screen.getByRole('table', { name: 'Role gaps' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toContain('CTO');
    expect(headers).toContain('DevOps Leader');
    expect(headers).not.toContain('DB Administrator');
    // Required only where personal data is held: none of these holds any.
    expect(headers).toContain('Data Controller');
    expect(
      screen.getByRole('img', {
        name: 'Engineering, Data Controller: no gaps of 3 entities',
      }),
    ).toHaveTextContent('0');
  });

  it('counts unassigned roles and holders gone, rolled up to the parent group', () => {
    render(<RoleHeatMap model={model} rows={rows} caption="Role gaps" />);
    // Payments: api has no CTO, ledger's CTO has left.
    expect(
      screen.getByRole('img', {
        name: 'Payments, CTO: 1 unassigned, 1 holder gone, of 2 entities',
      }),
    ).toHaveTextContent('2');
    expect(
      screen.getByRole('img', { name: 'Checkout, CTO: no gaps of 1 entity' }),
    ).toHaveTextContent('0');
    // Engineering counts what its teams count.
    expect(
      screen.getByRole('img', {
        name: 'Engineering, CTO: 1 unassigned, 1 holder gone, of 3 entities',
      }),
    ).toHaveTextContent('2');
    // Every entity names its DevOps Leader (dmitri, in the catalog).
    expect(
      screen.getByRole('img', {
        name: 'Engineering, DevOps Leader: no gaps of 3 entities',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Engineering, Architect: 3 unassigned, of 3 entities',
      }),
    ).toHaveTextContent('3');
  });

  it('marks a group without entities', () => {
    render(<RoleHeatMap model={model} rows={rows} caption="Role gaps" />);
    expect(
      screen.getByRole('img', { name: 'New team, CTO: no entities' }),
    ).toHaveTextContent('–');
  });
});
