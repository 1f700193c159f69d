import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { rollup } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { Rollup } from '@prodready/plugin-readiness-common';
import { TreeRow } from '../../../hooks/useRollupTree';
import { OrganisationTree } from './OrganisationTree';
import { expectNamedColumns } from '../../../__testUtils__/tables';

/** A group's row of the tree. */
const groupRow = (
  of: Rollup,
  depth: number,
  place: { expanded: boolean; position: number; siblings: number },
): TreeRow => ({ type: 'group', rollup: of, depth, ...place });

/**
 * Renders the tree with `rows`, as useRollupTree would change them when the
 * test says (`show`): a level that loads, fails or arrives.
 */
async function renderControlledTree(
  rows: TreeRow[],
  onLoadMore: (parent: string) => void = () => {},
) {
  let show: (next: TreeRow[]) => void = () => {};
  function Tree() {
    const [shown, setShown] = useState<TreeRow[]>(rows);
    show = setShown;
    return (
      <OrganisationTree
        model={model}
        rows={shown}
        onToggle={() => {}}
        onSelect={() => {}}
        onLoadMore={onLoadMore}
      />
    );
  }
  await renderInTestApp(<Tree />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { show: (next: TreeRow[]) => show(next) };
}

describe('OrganisationTree', () => {
  it('shows rollup figures per group with expand, select, more and retry controls', async () => {
    const onToggle = jest.fn();
    const onLoadMore = jest.fn();
    const onSelect = jest.fn();
    const engineering = rollup('group:default/engineering');
    await renderInTestApp(
      <OrganisationTree
        model={model}
        rows={[
          groupRow(engineering, 0, {
            expanded: true,
            position: 1,
            siblings: 1,
          }),
          groupRow(rollup('group:default/payments-team'), 1, {
            expanded: false,
            position: 1,
            siblings: 2,
          }),
          {
            type: 'more',
            parent: 'group:default/engineering',
            depth: 0,
            loaded: 1,
            total: 2,
          },
          {
            type: 'error',
            parent: 'group:default/payments-team',
            depth: 1,
            error: new Error('boom'),
          },
        ]}
        selected="group:default/payments-team"
        onToggle={onToggle}
        onLoadMore={onLoadMore}
        onSelect={onSelect}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const row = screen.getByTestId('org-row-group:default/engineering');
    expectNamedColumns(
      screen.getByRole('treegrid', { name: 'Organisation tree' }),
    );
    expect(
      within(row).getByRole('link', { name: 'Engineering' }),
    ).toBeInTheDocument();
    const cells = within(row)
      .getAllByRole('gridcell')
      .map(c => c.textContent);
    expect(cells.slice(3, 6)).toEqual([
      String(engineering.aggregate.gateFailures),
      String(engineering.aggregate.productionBelowGate),
      String(engineering.aggregate.entities),
    ]);
    await userEvent.click(
      within(row).getByRole('button', { name: 'Collapse Engineering' }),
    );
    expect(onToggle).toHaveBeenCalledWith('group:default/engineering');
    expect(
      screen.getByRole('button', {
        name: 'Show the entities and trend of Payments',
      }),
    ).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show more (1 of 2 shown)' }),
    );
    expect(onLoadMore).toHaveBeenCalledWith('group:default/engineering');
    expect(
      screen.getByText(/Could not load the groups: boom/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onLoadMore).toHaveBeenLastCalledWith('group:default/payments-team');
  });

  it('moves the focus to the first group Show more loaded, not to the page', async () => {
    const engineering = rollup('group:default/engineering');
    const first: TreeRow[] = [
      groupRow(engineering, 0, { expanded: true, position: 1, siblings: 1 }),
      groupRow(rollup('group:default/payments-team'), 1, {
        expanded: false,
        position: 1,
        siblings: 2,
      }),
    ];
    const more: TreeRow = {
      type: 'more',
      parent: 'group:default/engineering',
      depth: 0,
      loaded: 1,
      total: 2,
    };
    const checkout: TreeRow = groupRow(
      rollup('group:default/checkout-team'),
      1,
      { expanded: false, position: 2, siblings: 2 },
    );
    // The tree as useRollupTree changes it: loading, then the next page.
    function Tree() {
      const [rows, setRows] = useState<TreeRow[]>([...first, more]);
      return (
        <OrganisationTree
          model={model}
          rows={rows}
          onToggle={() => {}}
          onSelect={() => {}}
          onLoadMore={parent => {
            setRows([...first, { type: 'loading', parent, depth: 0 }]);
            setTimeout(() => setRows([...first, checkout]), 10);
          }}
        />
      );
    }
    await renderInTestApp(<Tree />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Show more (1 of 2 shown)' }),
    );
    const row = await screen.findByTestId(
      'org-row-group:default/checkout-team',
    );
    await waitFor(() => expect(row).toHaveFocus());
    // It is the tree's one tab stop now, with its links and buttons.
    expect(row).toHaveAttribute('tabindex', '0');
    expect(within(row).getByRole('link', { name: 'Checkout' })).toHaveAttribute(
      'tabindex',
      '0',
    );
  });

  it('keeps the focus in the tree when a loading row it is on gives way to groups or an error, and says so', async () => {
    const group = (ref: string, depth: number, position = 1) =>
      groupRow(rollup(ref), depth, {
        expanded: depth === 0,
        position,
        siblings: depth === 0 ? 1 : 2,
      });
    const engineering = group('group:default/engineering', 0);
    const loading: TreeRow = {
      type: 'loading',
      parent: 'group:default/engineering',
      depth: 1,
    };
    const failed: TreeRow = {
      type: 'error',
      parent: 'group:default/engineering',
      depth: 1,
      error: new Error('boom'),
    };
    const loaded = [
      engineering,
      group('group:default/checkout-team', 1),
      group('group:default/payments-team', 1, 2),
    ];
    // The tree as useRollupTree changes it, when the test says: a level
    // loads, fails, then loads on a retry.
    let show: (rows: TreeRow[]) => void = () => {};
    const onLoadMore = jest.fn(() => show([engineering, loading]));
    ({ show } = await renderControlledTree([engineering, loading], onLoadMore));
    const row = (key: string) =>
      document.querySelector<HTMLElement>(
        `tr[data-row-key="${CSS.escape(key)}"]`,
      );
    act(() => row('group:default/engineering')!.focus());
    await userEvent.keyboard('{ArrowDown}');
    expect(row('loading-group:default/engineering')).toHaveFocus();
    // The level fails: focus stays on the row in its place, the error.
    act(() => show([engineering, failed]));
    await waitFor(() =>
      expect(row('error-group:default/engineering')).toHaveFocus(),
    );
    expect(
      screen.getByText('Could not load the groups under Engineering'),
    ).toHaveAttribute('aria-live', 'polite');
    // Enter retries; the loading row and then the first group take its place.
    await userEvent.keyboard('{Enter}');
    expect(onLoadMore).toHaveBeenCalledWith('group:default/engineering');
    expect(row('loading-group:default/engineering')).toHaveFocus();
    act(() => show(loaded));
    await waitFor(() =>
      expect(row('group:default/checkout-team')).toHaveFocus(),
    );
    expect(
      screen.getByText('2 of 2 groups shown under Engineering'),
    ).toHaveAttribute('aria-live', 'polite');
    expect(row('group:default/checkout-team')).toHaveAttribute('tabindex', '0');
  });

  it('leaves the focus on the page when the user put it there while groups loaded', async () => {
    const engineering: TreeRow = groupRow(
      rollup('group:default/engineering'),
      0,
      { expanded: true, position: 1, siblings: 1 },
    );
    const loading: TreeRow = {
      type: 'loading',
      parent: 'group:default/engineering',
      depth: 1,
    };
    const checkout: TreeRow = groupRow(
      rollup('group:default/checkout-team'),
      1,
      { expanded: false, position: 1, siblings: 1 },
    );
    const { show } = await renderControlledTree([engineering, loading]);
    const loadingRow = document.querySelector<HTMLElement>(
      'tr[data-row-key="loading-group:default/engineering"]',
    )!;
    act(() => loadingRow.focus());
    // The user clicks the page beside the tree.
    act(() => loadingRow.blur());
    await new Promise(resolve => setTimeout(resolve, 10));
    act(() => show([engineering, checkout]));
    await screen.findByTestId('org-row-group:default/checkout-team');
    expect(document.activeElement).toBe(document.body);
  });
});
