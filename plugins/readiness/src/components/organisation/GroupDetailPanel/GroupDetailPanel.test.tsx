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
        },
      ),
    );
  });
});
