import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderReadiness } from '../../../__testUtils__/render';
import { rollupApi, summaries } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { GroupDetailPanel } from './GroupDetailPanel';

describe('GroupDetailPanel', () => {
  it('pages through the entities of a group as of a day and compares its trend', async () => {
    const api = rollupApi();
    api.getRollup.mockImplementation(
      async (ref: string, options: { offset?: number }) => ({
        ...(await rollupApi().getRollup(ref, options)),
        entities: summaries.slice(0, 1),
        entitiesTotal: 25,
      }),
    );
    await renderReadiness(
      <GroupDetailPanel
        model={model}
        groupRef="group:default/payments-team"
        asOf="2026-11-05"
        organisation={[
          { name: 'ACME Corp', points: [{ day: '2026-11-01', score: 20 }] },
        ]}
      />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Entities of Payments',
    });
    expect(
      within(table).getByRole('link', { name: 'Payments Api' }),
    ).toBeInTheDocument();
    // A snapshot does not record gates: not "0 failing".
    const [entityRow] = within(table).getAllByRole('row').slice(1);
    expect(within(entityRow).queryByText(/failing/)).toBeNull();
    expect(within(entityRow).getByText('—')).toBeInTheDocument();
    expect(
      screen.getByText('Entities (25), lowest score first'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /ACME Corp: 20%.*Payments: 10%/ }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.getRollup).toHaveBeenLastCalledWith(
        'group:default/payments-team',
        {
          asOf: '2026-11-05',
          limit: 10,
          offset: 10,
          childLimit: 0,
        },
      ),
    );
  });

  it('goes back to the first page of entities when the day changes', async () => {
    const owned = Array.from({ length: 25 }, (_, i) => ({
      ...summaries[0],
      entityRef: `component:default/e${i}`,
      title: `E${i}`,
    }));
    const api = rollupApi();
    api.getRollup.mockImplementation(
      async (ref: string, options: { asOf?: string; offset?: number }) => {
        // On the earlier day the group owned 5 of them.
        const list = options.asOf ? owned.slice(0, 5) : owned;
        const offset = options.offset ?? 0;
        return {
          ...(await rollupApi().getRollup(ref, options)),
          entities: list.slice(offset, offset + 10),
          entitiesTotal: list.length,
        };
      },
    );
    function Panel() {
      const [asOf, setAsOf] = useState<string>();
      return (
        <>
          <button onClick={() => setAsOf('2026-10-01')}>Earlier day</button>
          <GroupDetailPanel
            model={model}
            groupRef="group:default/payments-team"
            asOf={asOf}
            organisation={[]}
          />
        </>
      );
    }
    await renderReadiness(<Panel />, { api });
    await screen.findByRole('link', { name: 'E0' });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Next page' }),
    );
    expect(
      await screen.findByRole('link', { name: 'E20' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Earlier day' }));
    expect(await screen.findByRole('link', { name: 'E4' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'E0' })).toBeInTheDocument();
    expect(screen.queryByText(/owns no entities directly/)).toBeNull();
    expect(api.getRollup).not.toHaveBeenCalledWith(
      'group:default/payments-team',
      expect.objectContaining({ asOf: '2026-10-01', offset: 20 }),
    );
  });
});
