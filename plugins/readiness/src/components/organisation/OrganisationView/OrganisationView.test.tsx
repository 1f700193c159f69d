import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ADMIN, renderReadiness } from '../../../__testUtils__/render';
import { rollup, rollupApi } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { OrganisationView } from './OrganisationView';

function captureDownloads() {
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:csv';
    }),
    revokeObjectURL: jest.fn(),
  });
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return blobs;
}

describe('OrganisationView', () => {
  afterEach(() => jest.restoreAllMocks());

  it('loads the tree level by level as groups are expanded and collapsed', async () => {
    const api = rollupApi();
    await renderReadiness(<OrganisationView model={model} />, { api });

    // The single root opens by itself; its children load with it.
    expect(
      await screen.findByTestId('org-row-group:default/engineering'),
    ).toBeInTheDocument();
    expect(api.listRollups).toHaveBeenCalledWith(
      expect.objectContaining({ by: 'group', parent: 'none' }),
    );
    expect(api.listRollups).toHaveBeenCalledWith(
      expect.objectContaining({ by: 'group', parent: 'group:default/acme' }),
    );
    expect(
      screen.queryByTestId('org-row-group:default/payments-team'),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Expand Engineering' }),
    );
    expect(api.listRollups).toHaveBeenLastCalledWith(
      expect.objectContaining({
        parent: 'group:default/engineering',
        limit: 50,
        offset: 0,
      }),
    );
    const payments = await screen.findByTestId(
      'org-row-group:default/payments-team',
    );
    expect(
      within(payments).getByTestId('org-score-group:default/payments-team'),
    ).toHaveTextContent(`${rollup('group:default/payments-team').score}%`);
    const levels = rollup('group:default/payments-team').aggregate.levels;
    expect(
      within(payments).getByRole('img', { name: /^Entities per level: / }),
    ).toHaveAccessibleName(
      `Entities per level: ${levels.none ?? 0} no level, ${
        levels.bronze ?? 0
      } Bronze, ${levels.silver ?? 0} Silver, ${levels.gold ?? 0} Gold`,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Collapse Engineering' }),
    );
    expect(
      screen.queryByTestId('org-row-group:default/payments-team'),
    ).not.toBeInTheDocument();
    // Children already loaded are not fetched again.
    const calls = api.listRollups.mock.calls.length;
    await userEvent.click(
      screen.getByRole('button', { name: 'Expand Engineering' }),
    );
    expect(
      await screen.findByTestId('org-row-group:default/payments-team'),
    ).toBeInTheDocument();
    expect(api.listRollups.mock.calls.length).toBe(calls);
  });

  it('is a treegrid a keyboard user walks, opens and closes with the arrow keys', async () => {
    await renderReadiness(<OrganisationView model={model} />, {
      api: rollupApi(),
    });
    const tree = await screen.findByRole('treegrid', {
      name: 'Organisation tree',
    });
    const row = (ref: string) => screen.getByTestId(`org-row-${ref}`);
    await screen.findByTestId('org-row-group:default/engineering');
    const acme = row('group:default/acme');
    const engineering = row('group:default/engineering');
    expect(acme).toHaveAttribute('aria-level', '1');
    expect(acme).toHaveAttribute('aria-expanded', 'true');
    expect(engineering).toHaveAttribute('aria-level', '2');
    expect(engineering).toHaveAttribute('aria-expanded', 'false');
    expect(engineering).toHaveAttribute('aria-posinset', '1');
    expect(engineering).toHaveAttribute('aria-setsize', '1');
    // One tab stop: the first row and its links and buttons.
    for (const element of tree.querySelectorAll('[tabindex="0"]')) {
      expect(acme.contains(element)).toBe(true);
    }
    expect(
      within(engineering).getByRole('link', { name: 'Engineering' }),
    ).toHaveAttribute('tabindex', '-1');

    act(() => acme.focus());
    await userEvent.keyboard('{ArrowDown}');
    expect(engineering).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    const checkout = await screen.findByTestId(
      'org-row-group:default/checkout-team',
    );
    expect(engineering).toHaveAttribute('aria-expanded', 'true');
    expect(engineering).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(checkout).toHaveFocus();
    expect(checkout).toHaveAttribute('aria-level', '3');
    expect(checkout).toHaveAttribute('aria-posinset', '1');
    expect(checkout).toHaveAttribute('aria-setsize', '2');
    await userEvent.keyboard('{ArrowDown}');
    const payments = row('group:default/payments-team');
    expect(payments).toHaveFocus();
    expect(payments).toHaveAttribute('aria-posinset', '2');
    // The focused row is the tree's tab stop now; the first is not.
    expect(payments).toHaveAttribute('tabindex', '0');
    expect(acme).toHaveAttribute('tabindex', '-1');
    await userEvent.keyboard('{ArrowLeft}');
    expect(engineering).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    await waitFor(() =>
      expect(
        screen.queryByTestId('org-row-group:default/payments-team'),
      ).not.toBeInTheDocument(),
    );
    expect(engineering).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{Home}');
    expect(acme).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(engineering).toHaveFocus();
    // Enter shows the group's details; Tab goes on to the row's controls.
    await userEvent.keyboard('{Enter}');
    expect(engineering).toHaveAttribute('aria-selected', 'true');
    expect(
      within(engineering).getByRole('button', {
        name: 'Show the entities and trend of Engineering',
      }),
    ).toHaveAttribute('aria-pressed', 'true');
    await userEvent.tab();
    expect(
      within(engineering).getByRole('button', { name: 'Expand Engineering' }),
    ).toHaveFocus();
  });

  it('draws the heat map of the rows shown with the numbers in each cell', async () => {
    await renderReadiness(<OrganisationView model={model} />, {
      api: rollupApi(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand Engineering' }),
    );
    await screen.findByTestId('heatmap-row-group:default/payments-team');

    const payments = rollup('group:default/payments-team');
    const recoverability = payments.categories.recoverability!;
    const cell = screen.getByRole('img', {
      name: `Payments, Recoverability: ${recoverability}% (2 entities scored)`,
    });
    expect(cell).toHaveTextContent(String(Math.round(recoverability)));
    expect(
      within(
        screen.getByTestId('heatmap-row-group:default/checkout-team'),
      ).getByRole('img', {
        name: `Checkout, Overall: ${
          rollup('group:default/checkout-team').score
        }% (1 entity scored)`,
      }),
    ).toBeInTheDocument();
  });

  it('draws the role heat map of the groups shown, counted over their entities', async () => {
    await renderReadiness(<OrganisationView model={model} />, {
      api: rollupApi(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand Engineering' }),
    );
    const table = await screen.findByRole('table', {
      name: 'Role gaps of the groups shown',
    });
    await within(table).findByTestId(
      'role-heatmap-row-group:default/payments-team',
    );
    // The fixture's components name only their DevOps Leader.
    expect(
      within(table).getByRole('img', {
        name: 'Payments, CTO: 2 unassigned, of 2 entities',
      }),
    ).toHaveTextContent('2');
    expect(
      within(table).getByRole('img', {
        name: 'Engineering, CTO: 3 unassigned, of 3 entities',
      }),
    ).toHaveTextContent('3');
    expect(
      within(table).getByRole('img', {
        name: 'Engineering, DevOps Leader: no gaps of 3 entities',
      }),
    ).toHaveTextContent('0');
  });

  it('drills down from a team to its entities, a page at a time, linking to their tabs', async () => {
    const api = rollupApi();
    await renderReadiness(<OrganisationView model={model} />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand Engineering' }),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show the entities and trend of Payments',
      }),
    );
    expect(api.getRollup).toHaveBeenCalledWith('group:default/payments-team', {
      asOf: undefined,
      limit: 10,
      offset: 0,
      // The tree lists the sub-groups; the detail asks for none.
      childLimit: 0,
    });
    const table = await screen.findByRole('table', {
      name: 'Entities of Payments',
    });
    expect(
      within(table).getByRole('link', { name: 'Payments Ledger' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-ledger/readiness',
    );
    expect(
      screen.getByRole('img', { name: /Payments: 10% on 1 Oct 2026 to/ }),
    ).toBeInTheDocument();
  });

  it('shows the organisation as of a day', async () => {
    const api = rollupApi();
    await renderReadiness(<OrganisationView model={model} />, { api });
    await screen.findByTestId('org-row-group:default/engineering');
    fireEvent.change(
      screen.getByLabelText('As of (the organisation as it was on a day)'),
      {
        target: { value: '2026-11-05' },
      },
    );
    await waitFor(() =>
      expect(api.listRollups).toHaveBeenLastCalledWith(
        expect.objectContaining({ asOf: '2026-11-05' }),
      ),
    );
    expect(
      await screen.findByText('Snapshot of 1 Nov 2026'),
    ).toBeInTheDocument();
  });

  it('exports the groups shown as CSV', async () => {
    const blobs = captureDownloads();
    await renderReadiness(<OrganisationView model={model} />, {
      api: rollupApi(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand Engineering' }),
    );
    await screen.findByTestId('org-row-group:default/payments-team');
    await userEvent.click(
      screen.getByRole('button', { name: 'Export CSV (the groups shown)' }),
    );
    const lines = (await blobs[0].text()).split('\r\n');
    expect(lines[0]).toBe(
      [
        'ref,kind,title,parent,score,entities',
        'level:not-assessed',
        'level:none',
        ...model.levels.map(l => `level:${l.id}`),
        'gateFailures,productionBelowGate,roleProblems',
        ...model.categories.map(c => `category:${c.id}`),
      ].join(','),
    );
    expect(lines.slice(1, -1).map(l => l.split(',')[0])).toEqual([
      'group:default/acme',
      'group:default/engineering',
      'group:default/checkout-team',
      'group:default/payments-team',
    ]);
    const payments = rollup('group:default/payments-team');
    expect(lines[4]).toMatch(
      new RegExp(
        `^group:default/payments-team,group,Payments,group:default/engineering,${payments.score},2,`,
      ),
    );
  });

  it('shows admins the problems of the group hierarchy above the tree', async () => {
    const api = {
      ...rollupApi(),
      getHierarchyProblems: jest.fn(async () => ({
        problems: [
          'groups form a cycle: group:default/acme names itself as its parent',
        ],
        computedAt: new Date().toISOString(),
      })),
    };
    await renderReadiness(<OrganisationView model={model} />, {
      api,
      grants: ADMIN,
    });
    const panel = await screen.findByRole('alert');
    await userEvent.click(
      within(panel).getByRole('button', {
        name: /1 problem in the group hierarchy/,
      }),
    );
    expect(
      within(panel).getByRole('list', { name: 'Group hierarchy problems' }),
    ).toHaveTextContent(
      'groups form a cycle: group:default/acme names itself as its parent',
    );
    expect(
      await screen.findByTestId('org-row-group:default/engineering'),
    ).toBeInTheDocument();
  });

  it('does not ask for hierarchy problems for users who are not admins', async () => {
    const api = { ...rollupApi(), getHierarchyProblems: jest.fn() };
    const { permissionApi } = await renderReadiness(
      <OrganisationView model={model} />,
      { api },
    );
    await screen.findByTestId('org-row-group:default/engineering');
    await waitFor(() =>
      expect(permissionApi.requests.map(r => r.name)).toContain(
        'readiness.admin',
      ),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(api.getHierarchyProblems).not.toHaveBeenCalled();
  });

  it('previews the impact of staged checks, and only when the model has some', async () => {
    const getUpcomingImpact = jest.fn(async () => ({
      computedAt: '2026-12-01T08:00:00.000Z',
      impacts: [
        {
          effectiveFrom: '2027-03-01',
          checks: ['monitoring.metrics'],
          entities: 40,
          levelDrops: 14,
          dropOutOf: { silver: 14 },
          newlyBelowGate: 0,
        },
      ],
    }));
    const staged = {
      ...model,
      checks: model.checks.map(c =>
        c.id === 'monitoring.metrics'
          ? { ...c, effectiveFrom: '2027-03-01' }
          : c,
      ),
    };
    const { unmount } = await renderReadiness(
      <OrganisationView model={staged} />,
      { api: { ...rollupApi(), getUpcomingImpact } },
    );
    expect(
      await screen.findByText(
        'On 1 March 2027, 14 entities drop out of Silver',
      ),
    ).toBeInTheDocument();
    unmount();

    const api = { ...rollupApi(), getUpcomingImpact: jest.fn() };
    await renderReadiness(<OrganisationView model={model} />, { api });
    await screen.findByTestId('org-row-group:default/engineering');
    expect(screen.queryByText('Upcoming checks')).not.toBeInTheDocument();
    expect(api.getUpcomingImpact).not.toHaveBeenCalled();
  });
});
