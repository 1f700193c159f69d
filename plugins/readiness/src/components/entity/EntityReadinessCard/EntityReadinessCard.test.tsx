import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { topGaps } from '../../../lib/checks';
import { renderReadiness, responseError } from '../../../__testUtils__/render';
import {
  model,
  paymentsApi,
  scorecardApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessCard } from './EntityReadinessCard';

describe('EntityReadinessCard', () => {
  it('shows score, level and the three biggest gaps linking into the tab', async () => {
    const entity = paymentsApi();
    const scorecard = scorecardOf(entity);
    await renderReadiness(<EntityReadinessCard />, {
      api: scorecardApi(scorecard),
      entity,
    });
    expect(await screen.findByText(`${scorecard.score}%`)).toBeInTheDocument();
    expect(screen.getByText('No level')).toBeInTheDocument();
    expect(screen.getByText('Below Bronze in production')).toBeInTheDocument();

    const gaps = within(
      screen.getByRole('list', { name: 'Top gaps' }),
    ).getAllByRole('link');
    const expected = topGaps(scorecard, model, 3);
    expect(gaps.map(a => a.textContent)).toEqual(
      expected.map(g => g.definition.title),
    );
    expect(gaps[0]).toHaveAttribute(
      'href',
      `/catalog/default/component/payments-api/readiness?check=${expected[0].definition.id}`,
    );
    expect(
      screen.getByRole('link', { name: /View readiness/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/readiness',
    );
  });

  it('says so when there is no gap', async () => {
    const entity = paymentsApi();
    const scorecard = scorecardOf(entity);
    scorecard.checks = scorecard.checks.map(c => ({
      ...c,
      status: 'met' as const,
    }));
    await renderReadiness(<EntityReadinessCard />, {
      api: scorecardApi(scorecard),
      entity,
    });
    expect(await screen.findByText(/No gaps/)).toBeInTheDocument();
  });

  it('reads again on asking after a failed first read', async () => {
    const entity = paymentsApi();
    const scorecard = scorecardOf(entity);
    const unavailable = await responseError(503, 'Service Unavailable', {
      name: 'ServiceUnavailableError',
      message: 'The catalog cannot be reached',
    });
    const getScorecard = jest
      .fn()
      .mockRejectedValueOnce(unavailable)
      .mockResolvedValue({ scorecard, stale: false });
    await renderReadiness(<EntityReadinessCard />, {
      api: { getModel: async () => model, getScorecard },
      entity,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Try again' }),
    );
    expect(await screen.findByText(`${scorecard.score}%`)).toBeInTheDocument();
    expect(getScorecard).toHaveBeenCalledTimes(2);
  });

  it('says plainly that the user may not see readiness data, without an error panel', async () => {
    const entity = paymentsApi();
    const forbidden = await responseError(403, 'Forbidden', {
      name: 'NotAllowedError',
      message: 'You are not allowed to readiness.scorecard.read',
    });
    await renderReadiness(<EntityReadinessCard />, {
      api: {
        getModel: async () => model,
        getScorecard: async () => {
          throw forbidden;
        },
      },
      entity,
    });
    expect(
      await screen.findByText(/not allowed to see readiness data/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
