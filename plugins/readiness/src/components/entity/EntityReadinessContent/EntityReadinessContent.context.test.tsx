import { screen, within } from '@testing-library/react';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../../../api/ReadinessApi';
import { paymentsApiInBackups } from '../../../__testUtils__/campaigns';
import { OWNER, renderReadiness } from '../../../__testUtils__/render';
import {
  model,
  paymentsApi,
  scorecardApi,
  scorecardOf,
  storedAnswer,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessContent } from './EntityReadinessContent';

// The whole tab renders every check; give it time on a busy machine.

function apiFor(
  scorecard: EntityScorecard,
  extra: Partial<ReadinessApi> = {},
): Partial<ReadinessApi> {
  return {
    ...scorecardApi(scorecard),
    listExemptions: async () => ({ items: [], maxDays: 180 }),
    getHistory: async () => ({ changes: [], snapshots: [] }),
    ...extra,
  };
}

const campaigns: Partial<ReadinessApi> = {
  getEntityCampaigns: async () => ({
    items: [paymentsApiInBackups],
  }),
};

const REVIEWER = { ...OWNER, 'readiness.answer.review': true };
const baselineCost = model.checks.find(c => c.id === 'cost.baseline-cost')!;

describe('EntityReadinessContent in its app', () => {
  it('works without the organisation page, without linking to it', async () => {
    const entity = paymentsApi();
    const scorecard = scorecardOf(entity);
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard, campaigns),
      entity,
      organisationPage: false,
    });
    expect(await screen.findByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
    const list = await screen.findByRole('list', {
      name: 'Campaigns of this entity',
    });
    expect(within(list).getByText('Backups everywhere')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /All campaigns/ })).toBeNull();
  });

  it('offers the sign-off of somebody else’s answer but not of the signed-in user’s own', async () => {
    const entity = paymentsApi();
    const signOff = { name: `Sign off ${baselineCost.title}` };
    const render = (answeredBy: string) =>
      renderReadiness(<EntityReadinessContent />, {
        api: apiFor(
          scorecardOf(entity, {
            answers: [storedAnswer('cost.baseline-cost', { answeredBy })],
          }),
        ),
        grants: REVIEWER,
        entity,
        userEntityRef: 'user:default/alice',
      });

    const theirs = await render('user:default/bob');
    let row = await screen.findByTestId('check-row-cost.baseline-cost');
    expect(await within(row).findByRole('button', signOff)).toBeInTheDocument();
    theirs.unmount();

    await render('user:default/alice');
    row = await screen.findByTestId('check-row-cost.baseline-cost');
    // The owner's other actions are there; the sign-off is not.
    expect(
      await within(row).findByRole('button', {
        name: `Revert the portal answer to ${baselineCost.title}`,
      }),
    ).toBeInTheDocument();
    expect(within(row).queryByRole('button', signOff)).toBeNull();
  });
});
