import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderReadiness } from '../../../__testUtils__/render';
import { summaries } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { EntityScorecardsView } from './EntityScorecardsView';

function listApi() {
  return {
    listScorecards: jest.fn(async () => ({
      items: summaries,
      totalCount: 120,
    })),
  };
}

describe('EntityScorecardsView', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lists a page of scorecards from the server, linking to each tab', async () => {
    const api = listApi();
    await renderReadiness(<EntityScorecardsView model={model} />, { api });
    const table = await screen.findByRole('table', {
      name: 'Entities by readiness',
    });
    expect(
      within(table).getByRole('link', { name: 'Payments Api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/readiness',
    );
    expect(api.listScorecards).toHaveBeenCalledWith({
      sort: 'score',
      order: 'asc',
      limit: 25,
      offset: 0,
    });
    expect(screen.getByText('120 entities match')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.listScorecards).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 25, limit: 25 }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Entity' }));
    await waitFor(() =>
      expect(api.listScorecards).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'title', order: 'asc', offset: 0 }),
      ),
    );
  });

  it('says one entity matches, not one entities', async () => {
    await renderReadiness(<EntityScorecardsView model={model} />, {
      api: {
        listScorecards: jest.fn(async () => ({
          items: summaries.slice(0, 1),
          totalCount: 1,
        })),
      },
    });
    expect(await screen.findByText('1 entity matches')).toBeInTheDocument();
  });

  it('passes kind, lifecycle, owner and search to the server', async () => {
    const api = listApi();
    await renderReadiness(<EntityScorecardsView model={model} />, { api });
    await screen.findByRole('table', { name: 'Entities by readiness' });

    await userEvent.click(screen.getByLabelText('Kind'));
    await userEvent.click(screen.getByRole('option', { name: 'system' }));
    await userEvent.click(screen.getByLabelText('Lifecycle'));
    await userEvent.click(screen.getByRole('option', { name: 'production' }));
    await userEvent.type(screen.getByLabelText('Owner'), 'pay');
    await userEvent.click(
      await screen.findByRole('option', { name: /Payments/ }),
    );
    fireEvent.change(screen.getByLabelText('Search entities'), {
      target: { value: 'ledger' },
    });
    await waitFor(() =>
      expect(api.listScorecards).toHaveBeenLastCalledWith({
        q: 'ledger',
        kind: 'system',
        lifecycle: 'production',
        owner: ['group:default/payments-team'],
        sort: 'score',
        order: 'asc',
        limit: 25,
        offset: 0,
      }),
    );
  });

  it('exports the rows shown as CSV', async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob);
        return 'blob:csv';
      },
      revokeObjectURL: () => {},
    });
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderReadiness(<EntityScorecardsView model={model} />, {
      api: listApi(),
    });
    await screen.findByRole('table', { name: 'Entities by readiness' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Export the entities shown as CSV' }),
    );
    const lines = (await blobs[0].text()).split('\r\n');
    expect(lines[0]).toMatch(
      /^entityRef,kind,title,owner,system,domain,lifecycle,score,level,/,
    );
    expect(lines).toHaveLength(summaries.length + 2);
    const first = summaries[0];
    expect(lines[1]).toBe(
      [
        first.entityRef,
        'component',
        first.title,
        first.owner,
        first.system,
        first.domain ?? '',
        'production',
        first.score,
        first.level ?? '',
        first.gateFailures,
        first.productionBelowGate,
        first.roleProblems,
        ...model.categories.map(c => first.categories[c.id] ?? ''),
        first.computedAt,
      ].join(','),
    );
  });
});
