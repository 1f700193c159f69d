import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
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

  it('exports every entity that matches the filters as CSV, not only the page shown, in one request', async () => {
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
    // 1,203 systems match: a page of 25 is shown.
    const many = Array.from({ length: 1203 }, (_, i) =>
      i === 0
        ? summaries[0]
        : { ...summaries[0], entityRef: `system:default/s-${i}` },
    );
    const csv = `entityRef\r\n${many.map(s => s.entityRef).join('\r\n')}\r\n`;
    let release: () => void = () => {};
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
      // The server's CSV arrives in two parts, the button counting the rows.
      exportScorecardsCsv: jest.fn(
        async (_filter: object, options?: { onRows?: (n: number) => void }) => {
          options?.onRows?.(600);
          await new Promise<void>(resolve => {
            release = resolve;
          });
          options?.onRows?.(1203);
          return csv;
        },
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
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: 'Export CSV (every matching entity)',
        }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Export CSV (every matching entity)',
      }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'Exporting… 600 of 1203 (every matching entity)',
      }),
    ).toBeDisabled();
    act(() => release());
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(await blobs[0].text()).toBe(csv);
    // The filters of the list, without its page or order.
    expect(api.exportScorecardsCsv).toHaveBeenCalledTimes(1);
    expect(api.exportScorecardsCsv.mock.calls[0][0]).toEqual({ q: 'ledger' });
    expect(
      api.listScorecards.mock.calls.filter(([query]) => query.limit !== 25),
    ).toEqual([]);
  });
});
