import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ScoreTrendChart } from './ScoreTrendChart';

describe('ScoreTrendChart', () => {
  it('labels the chart with where each line starts and ends', async () => {
    const { container } = await renderInTestApp(
      <ScoreTrendChart
        title="Score trend"
        series={[
          {
            name: 'ACME Corp',
            points: [
              { day: '2026-10-01', score: 40 },
              { day: '2026-10-02', score: null },
              { day: '2026-11-01', score: 52.5 },
            ],
          },
          { name: 'Payments', points: [{ day: '2026-11-01', score: 70 }] },
        ]}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Score trend. ACME Corp: 40% on 1 Oct 2026 to 52.5% on 1 Nov 2026. Payments: 70% on 1 Nov 2026',
      }),
    ).toBeInTheDocument();
    // Told apart without colour: each line has its own dash pattern.
    const dashes = [...container.querySelectorAll('.recharts-line-curve')].map(
      line => line.getAttribute('stroke-dasharray') ?? 'solid',
    );
    expect(dashes).toHaveLength(2);
    expect(new Set(dashes).size).toBe(2);
    // The image is one thing to assistive technology: nothing in it to tab to.
    expect(container.querySelector('[role="application"]')).toBeNull();
    expect(
      container.querySelectorAll('[tabindex]:not([tabindex="-1"])'),
    ).toHaveLength(0);
  });

  it('says when there are no daily scores yet', async () => {
    await renderInTestApp(
      <ScoreTrendChart
        title="Score trend"
        series={[{ name: 'x', points: [] }]}
      />,
    );
    expect(
      screen.getByText(/No daily scores recorded yet/),
    ).toBeInTheDocument();
  });
});
