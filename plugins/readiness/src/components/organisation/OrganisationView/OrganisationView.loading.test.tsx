import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Rollup } from '@prodready/plugin-readiness-common';
import { RollupListQuery } from '../../../api/ReadinessApi';
import { renderReadiness, responseError } from '../../../__testUtils__/render';
import { rollup, rollupApi } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { OrganisationView } from './OrganisationView';

/** An organisation of `count` root groups, G00 to G<count - 1>. */
function flatOrganisation(count: number) {
  const groups: Rollup[] = Array.from({ length: count }, (_, i) => {
    const name = `g${String(i).padStart(2, '0')}`;
    return {
      ...rollup('group:default/payments-team'),
      ref: `group:default/${name}`,
      title: name.toLocaleUpperCase('en-US'),
      parent: undefined,
      children: [],
    };
  });
  const api = rollupApi();
  api.listRollups.mockImplementation(async (query: RollupListQuery) => {
    const items = query.parent === 'none' ? groups : [];
    const offset = query.offset ?? 0;
    return {
      by: 'group',
      items: items.slice(offset, offset + (query.limit ?? 100)),
      totalCount: items.length,
      computedAt: new Date().toISOString(),
      stale: false,
    };
  });
  return api;
}

describe('OrganisationView loading the tree', () => {
  it('offers to try again when the first load of the tree fails', async () => {
    const api = rollupApi();
    api.listRollups.mockRejectedValueOnce(
      await responseError(503, 'Service Unavailable', {
        name: 'ServiceUnavailableError',
        message: 'the readiness store is not reachable',
      }),
    );
    await renderReadiness(<OrganisationView model={model} />, { api });
    expect(
      (await screen.findAllByText(/the readiness store is not reachable/))
        .length,
    ).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByTestId('org-row-group:default/engineering'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/the readiness store is not reachable/),
    ).not.toBeInTheDocument();
  });

  it('asks for a page of groups once when "Show more" is clicked twice quickly', async () => {
    const api = flatOrganisation(60);
    await renderReadiness(<OrganisationView model={model} />, { api });
    const more = await screen.findByRole('button', {
      name: 'Show more (50 of 60 shown)',
    });
    // A double click: the second comes before the loading row replaces the button.
    await act(async () => {
      fireEvent.click(more);
      fireEvent.click(more);
    });
    await screen.findByTestId('org-row-group:default/g59');

    const table = screen
      .getByTestId('org-row-group:default/g59')
      .closest('table')!;
    const rows = within(table).getAllByTestId(/^org-row-/);
    expect(rows).toHaveLength(60);
    expect(screen.getAllByTestId('org-row-group:default/g55')).toHaveLength(1);
    expect(
      api.listRollups.mock.calls.filter(([q]) => q.offset === 50),
    ).toHaveLength(1);
  });
});
