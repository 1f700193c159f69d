import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderReadiness } from '../../../__testUtils__/render';
import { rollup, rollupApi } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { RollupListView } from './RollupListView';

describe('RollupListView', () => {
  it('lists system rollups a page at a time, searchable, with a heat map', async () => {
    const api = rollupApi();
    await renderReadiness(<RollupListView model={model} by="system" />, {
      api,
    });
    const table = await screen.findByRole('table', {
      name: 'Systems by readiness',
    });
    const payments = rollup('system:default/payments-core');
    expect(within(table).getByText('Payments Core')).toBeInTheDocument();
    expect(within(table).getByText(`${payments.score}%`)).toBeInTheDocument();
    expect(api.listRollups).toHaveBeenCalledWith({
      by: 'system',
      q: undefined,
      sort: 'score',
      order: 'asc',
      limit: 25,
      offset: 0,
      asOf: undefined,
    });
    expect(
      screen.getByRole('img', {
        name: `Payments Core, Overall: ${payments.score}% (3 entities scored)`,
      }),
    ).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Search systems'), {
      target: { value: 'pay' },
    });
    await waitFor(() =>
      expect(api.listRollups).toHaveBeenLastCalledWith(
        expect.objectContaining({ by: 'system', q: 'pay', offset: 0 }),
      ),
    );
    // The count a search changes is read out, in the singular for one.
    expect(await screen.findByText('1 system')).toHaveAttribute(
      'aria-live',
      'polite',
    );
  });

  it('flags the exemptions of each rollup', async () => {
    const api = rollupApi();
    const payments = rollup('system:default/payments-core');
    api.listRollups.mockResolvedValue({
      by: 'system',
      items: [
        {
          ...payments,
          aggregate: {
            ...payments.aggregate,
            exemptions: { active: 3, endingSoon: 1 },
          },
        },
      ],
      totalCount: 1,
      computedAt: new Date().toISOString(),
      stale: false,
    });
    await renderReadiness(<RollupListView model={model} by="system" />, {
      api,
    });
    const table = await screen.findByRole('table', {
      name: 'Systems by readiness',
    });
    expect(
      within(table).getByText('3 exemptions, 1 expiring this month'),
    ).toBeInTheDocument();
  });

  it('lists domains as of a day', async () => {
    const api = rollupApi();
    await renderReadiness(<RollupListView model={model} by="domain" />, {
      api,
    });
    await screen.findByRole('table', { name: 'Domains by readiness' });
    fireEvent.change(
      screen.getByLabelText('As of (the organisation as it was on a day)'),
      {
        target: { value: '2026-11-02' },
      },
    );
    await waitFor(() =>
      expect(api.listRollups).toHaveBeenLastCalledWith(
        expect.objectContaining({ by: 'domain', asOf: '2026-11-02' }),
      ),
    );
    expect(
      await screen.findByText('Snapshot of 1 Nov 2026'),
    ).toBeInTheDocument();
  });
});
