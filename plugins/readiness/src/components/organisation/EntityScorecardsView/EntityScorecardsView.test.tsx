import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { scorecardQuerySchema } from '@prodready/plugin-readiness-common';
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
    // Read out when a search or filter changes it.
    expect(screen.getByText('120 entities match')).toHaveAttribute(
      'aria-live',
      'polite',
    );

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

  it('searches the start of a text longer than the server takes, instead of failing', async () => {
    const api = listApi();
    await renderReadiness(<EntityScorecardsView model={model} />, { api });
    await screen.findByRole('table', { name: 'Entities by readiness' });
    const long = `  ${'ledger '.repeat(60)}`;
    fireEvent.change(screen.getByLabelText('Search entities'), {
      target: { value: long },
    });
    await waitFor(() =>
      expect(api.listScorecards).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: expect.stringMatching(/^ledger/) }),
      ),
    );
    const { q } = (api.listScorecards as jest.Mock).mock.calls.at(-1)[0];
    expect(scorecardQuerySchema.safeParse({ q }).success).toBe(true);
    expect(long.trim().startsWith(q)).toBe(true);
  });

  it('exports every entity that matches the filters as CSV, not only the page shown', async () => {
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
    // 1,203 systems match: three pages of the server's largest.
    const many = Array.from({ length: 1203 }, (_, i) =>
      i === 0
        ? summaries[0]
        : { ...summaries[0], entityRef: `system:default/s-${i}` },
    );
    const api = {
      listScorecards: jest.fn(
        async (query: { limit?: number; offset?: number }) => ({
          items: many.slice(
            query.offset ?? 0,
            (query.offset ?? 0) + (query.limit ?? 25),
          ),
          totalCount: many.length,
        }),
      ),
    };
    await renderReadiness(<EntityScorecardsView model={model} />, { api });
    await screen.findByRole('table', { name: 'Entities by readiness' });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search entities' }), {
      target: { value: 'ledger' },
    });
    fireEvent.submit(screen.getByRole('textbox', { name: 'Search entities' }));
    await waitFor(() =>
      expect(api.listScorecards).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'ledger', offset: 0 }),
      ),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Export CSV (every matching entity)',
      }),
    );
    await waitFor(() => expect(blobs).toHaveLength(1));
    const exports = api.listScorecards.mock.calls
      .map(([query]) => query)
      .filter(query => query.limit === 500);
    expect(exports).toEqual(
      [0, 500, 1000].map(offset =>
        expect.objectContaining({
          q: 'ledger',
          sort: 'score',
          order: 'asc',
          limit: 500,
          offset,
        }),
      ),
    );
    const lines = (await blobs[0].text()).split('\r\n');
    expect(lines[0]).toMatch(
      /^entityRef,kind,title,owner,system,domain,lifecycle,score,level,/,
    );
    expect(lines).toHaveLength(many.length + 2);
    expect(lines[many.length]).toMatch(/^system:default\/s-1202,/);
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
