import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ScoreTrendCard } from './ScoreTrendCard';

describe('ScoreTrendCard', () => {
  it('shows the chart in a card', async () => {
    await renderInTestApp(
      <ScoreTrendCard
        title="Organisation score trend"
        series={[{ name: 'ACME', points: [{ day: '2026-11-01', score: 30 }] }]}
      />,
    );
    expect(screen.getByText('Organisation score trend')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /ACME: 30% on 1 Nov 2026/ }),
    ).toBeInTheDocument();
  });

  it('shows an error', async () => {
    await renderInTestApp(
      <ScoreTrendCard error={new Error('history unavailable')} />,
    );
    expect(
      (await screen.findAllByText(/history unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
