import { screen, waitFor } from '@testing-library/react';
import { renderReadiness } from '../../../__testUtils__/render';
import { rollupApi } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { ReadinessPage } from './ReadinessPage';

describe('ReadinessPage', () => {
  it('opens on the organisation, with tabs for systems, domains and entities', async () => {
    await renderReadiness(<ReadinessPage />, {
      api: { getModel: async () => model, ...rollupApi() },
    });
    expect(
      await screen.findByRole('heading', { name: 'Production readiness' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('org-row-group:default/acme'),
    ).toBeInTheDocument();
    for (const tab of ['Organisation', 'By System', 'By Domain', 'Entities']) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
  });

  it('asks for the tree roots beside the model, once', async () => {
    const rollups = rollupApi();
    let answerModel = () => {};
    const getModel = () =>
      new Promise<typeof model>(resolve => {
        answerModel = () => resolve(model);
      });
    await renderReadiness(<ReadinessPage />, {
      api: { getModel, ...rollups },
    });
    // Before the model is answered, the roots are already asked for.
    await waitFor(() =>
      expect(rollups.listRollups).toHaveBeenCalledWith(
        expect.objectContaining({ by: 'group', parent: 'none', offset: 0 }),
      ),
    );
    answerModel();
    expect(
      await screen.findByTestId('org-row-group:default/engineering'),
    ).toBeInTheDocument();
    const rootRequests = rollups.listRollups.mock.calls.filter(
      ([query]) => query.parent === 'none',
    );
    expect(rootRequests).toHaveLength(1);
  });

  it('shows the error when the model cannot be loaded', async () => {
    await renderReadiness(<ReadinessPage />, {
      api: {
        getModel: async () => {
          throw new Error('no model');
        },
      },
    });
    expect((await screen.findAllByText(/no model/)).length).toBeGreaterThan(0);
  });
});
