import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  model,
  paymentsApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { ScorecardSummaryCard } from './ScorecardSummaryCard';

describe('ScorecardSummaryCard', () => {
  it('shows score, level, what the next level misses, status counts and staleness', async () => {
    const scorecard = scorecardOf(paymentsApi());
    const onShowCheck = jest.fn();
    await renderInTestApp(
      <ScorecardSummaryCard
        model={model}
        scorecard={scorecard}
        stale
        now={new Date(Date.parse(scorecard.computedAt) + 3 * 60000)}
        onShowCheck={onShowCheck}
      />,
    );
    expect(screen.getByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
    expect(screen.getByText('Computed 3 minutes ago')).toBeInTheDocument();
    expect(screen.getByText('Stale')).toBeInTheDocument();
    expect(screen.getByText('No level')).toBeInTheDocument();
    const met = scorecard.checks.filter(c => c.status === 'met').length;
    expect(screen.getByText(`${met} met`)).toBeInTheDocument();

    const missing = screen.getByRole('list', { name: 'Missing for Bronze' });
    const first = scorecard.nextLevel!.missingChecks[0];
    await userEvent.click(
      within(missing).getByRole('button', {
        name: model.checks.find(c => c.id === first)!.title,
      }),
    );
    expect(onShowCheck).toHaveBeenCalledWith(first);
  });
});
