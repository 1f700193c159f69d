import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HierarchyProblemsResponse } from '@prodready/plugin-readiness-common';
import {
  ADMIN,
  OWNER,
  READER,
  renderReadiness,
} from '../../../__testUtils__/render';
import { formatDateTime } from '../../../lib/format';
import { HierarchyProblems } from './HierarchyProblems';

const computedAt = '2026-11-30T12:00:00.000Z';
const problems = [
  'groups form a cycle: group:default/a → group:default/b → group:default/a',
  'group:default/c names parent group:default/gone, which is not in the catalog',
];

function hierarchyApi(response: HierarchyProblemsResponse) {
  return { getHierarchyProblems: jest.fn(async () => response) };
}

/** Lets the permission decision and any request it starts settle. */
async function settle(requests: { name: string }[]) {
  await waitFor(() =>
    expect(requests.map(r => r.name)).toContain('readiness.admin'),
  );
  await act(() => new Promise(resolve => setTimeout(resolve, 50)));
}

describe('HierarchyProblems', () => {
  it('shows an admin the problems and when the computation found them', async () => {
    const api = hierarchyApi({ problems, computedAt });
    await renderReadiness(<HierarchyProblems />, { api, grants: ADMIN });

    const panel = await screen.findByRole('alert');
    const summary = within(panel).getByRole('button', {
      name: /2 problems in the group hierarchy/,
    });
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(summary);
    expect(summary).toHaveAttribute('aria-expanded', 'true');

    const list = within(panel).getByRole('list', {
      name: 'Group hierarchy problems',
    });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(problems);
    expect(panel).toHaveTextContent(
      `Found by the full computation of ${formatDateTime(computedAt)}`,
    );
    expect(api.getHierarchyProblems).toHaveBeenCalledTimes(1);
  });

  it('counts the problems the backend does not list', async () => {
    const api = hierarchyApi({ problems, problemsTotal: 250, computedAt });
    await renderReadiness(<HierarchyProblems />, { api, grants: ADMIN });

    const panel = await screen.findByRole('alert');
    await userEvent.click(
      within(panel).getByRole('button', {
        name: /250 problems in the group hierarchy/,
      }),
    );
    expect(
      within(
        within(panel).getByRole('list', { name: 'Group hierarchy problems' }),
      ).getAllByRole('listitem'),
    ).toHaveLength(2);
    expect(panel).toHaveTextContent(
      'and 248 more problems, not listed: fix these first, and the next full run lists the others.',
    );
  });

  it('names a single problem in the singular', async () => {
    await renderReadiness(<HierarchyProblems />, {
      api: hierarchyApi({ problems: problems.slice(0, 1) }),
      grants: ADMIN,
    });
    expect(
      await screen.findByRole('button', {
        name: /1 problem in the group hierarchy/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Found by the last full computation.',
    );
  });

  it('shows an admin the entities no team counts, by owner, with how many owners it does not list', async () => {
    const api = hierarchyApi({
      problems: [],
      ownersOutsideGroups: {
        entities: 1204,
        ownersTotal: 53,
        owners: [
          {
            owner: 'group:default/old-payments',
            reason: 'not-in-catalog',
            entities: 1000,
          },
          { owner: 'user:default/alice', reason: 'not-a-group', entities: 1 },
          { reason: 'no-owner', entities: 3 },
        ],
      },
      computedAt,
    });
    await renderReadiness(<HierarchyProblems />, { api, grants: ADMIN });

    const panel = await screen.findByRole('alert');
    await userEvent.click(
      within(panel).getByRole('button', {
        name: /1,204 entities count in no team's rollup/,
      }),
    );
    const list = within(panel).getByRole('list', {
      name: 'Owners outside the group tree',
    });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'group:default/old-payments (group not in the catalog): 1,000 entities',
      'user:default/alice (not a group): 1 entity',
      'No owner (no owner named): 3 entities',
    ]);
    expect(panel).toHaveTextContent('and 50 more owners with fewer entities.');
    expect(
      screen.queryByText(/in the group hierarchy/),
    ).not.toBeInTheDocument();
  });

  it('shows an admin both panels when the tree has problems and entities are outside it', async () => {
    await renderReadiness(<HierarchyProblems />, {
      api: hierarchyApi({
        problems,
        ownersOutsideGroups: {
          entities: 1,
          ownersTotal: 1,
          owners: [
            { owner: 'user:default/bob', reason: 'not-a-group', entities: 1 },
          ],
        },
      }),
      grants: ADMIN,
    });
    await screen.findByRole('button', {
      name: /1 entity counts in no team's rollup/,
    });
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    expect(screen.queryByText(/more owner/)).not.toBeInTheDocument();
  });

  it('shows an admin nothing when the hierarchy has no problems', async () => {
    const api = hierarchyApi({
      problems: [],
      ownersOutsideGroups: { entities: 0, ownersTotal: 0, owners: [] },
      computedAt,
    });
    const { permissionApi } = await renderReadiness(<HierarchyProblems />, {
      api,
      grants: ADMIN,
    });
    await settle(permissionApi.requests);
    await waitFor(() => expect(api.getHierarchyProblems).toHaveBeenCalled());
    await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(
      screen.queryByText(/in the group hierarchy/),
    ).not.toBeInTheDocument();
  });

  it('shows an admin nothing when the problems cannot be read', async () => {
    const api = {
      getHierarchyProblems: jest.fn(async () => {
        throw new Error('unavailable');
      }),
    };
    const { permissionApi } = await renderReadiness(<HierarchyProblems />, {
      api,
      grants: ADMIN,
    });
    await settle(permissionApi.requests);
    expect(api.getHierarchyProblems).toHaveBeenCalled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    ['a reader', READER],
    ['an owner who may answer but not administer', OWNER],
  ])(
    'shows %s nothing and does not ask for the problems',
    async (_who, grants) => {
      const api = hierarchyApi({ problems, computedAt });
      const { permissionApi } = await renderReadiness(<HierarchyProblems />, {
        api,
        grants,
      });
      await settle(permissionApi.requests);
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(api.getHierarchyProblems).not.toHaveBeenCalled();
    },
  );
});
