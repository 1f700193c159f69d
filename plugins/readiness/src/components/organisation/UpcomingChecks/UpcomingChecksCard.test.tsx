import { screen, within } from '@testing-library/react';
import {
  buildReadinessModel,
  UpcomingImpactReport,
} from '@prodready/plugin-readiness-common';
import { renderReadiness } from '../../../__testUtils__/render';
import { hasStagedChecks, UpcomingChecksCard } from './UpcomingChecksCard';

const model = buildReadinessModel({
  config: {
    checks: {
      overrides: { 'monitoring.metrics': { effectiveFrom: '2027-03-01' } },
    },
  },
});
const metrics = model.checks.find(c => c.id === 'monitoring.metrics')!;
const NOW = new Date('2026-12-01T09:00:00Z');

function impactApi(report: UpcomingImpactReport) {
  return { getUpcomingImpact: jest.fn(async () => report) };
}

describe('UpcomingChecksCard', () => {
  it('says who drops out of which level on the date', async () => {
    const api = impactApi({
      computedAt: '2026-12-01T08:00:00.000Z',
      impacts: [
        {
          effectiveFrom: '2027-03-01',
          checks: ['monitoring.metrics'],
          entities: 40,
          levelDrops: 15,
          dropOutOf: { silver: 14, gold: 1 },
          newlyBelowGate: 2,
        },
      ],
    });
    await renderReadiness(<UpcomingChecksCard model={model} now={NOW} />, {
      api,
    });
    const day = await screen.findByRole('listitem', {
      name: 'On 1 March 2027',
    });
    expect(day).toHaveTextContent(
      `On 1 March 2027 (in 90 days): ${metrics.title} starts to count for 40 entities`,
    );
    expect(
      within(day)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'On 1 March 2027, 1 entity drops out of Gold',
      'On 1 March 2027, 14 entities drop out of Silver',
      'On 1 March 2027, 2 entities in production fall below the lifecycle gate',
    ]);
    expect(api.getUpcomingImpact).toHaveBeenCalledTimes(1);
  });

  it('says when nobody loses a level', async () => {
    await renderReadiness(<UpcomingChecksCard model={model} now={NOW} />, {
      api: impactApi({
        computedAt: '2026-12-01T08:00:00.000Z',
        impacts: [
          {
            effectiveFrom: '2027-03-01',
            checks: ['monitoring.metrics'],
            entities: 1,
            levelDrops: 0,
            dropOutOf: {},
            newlyBelowGate: 0,
          },
        ],
      }),
    });
    expect(
      await screen.findByText('No entity loses a level with today’s answers.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/starts to count for 1 entity$/),
    ).toBeInTheDocument();
  });

  it('waits for the first computation', async () => {
    await renderReadiness(<UpcomingChecksCard model={model} now={NOW} />, {
      api: impactApi({ impacts: [] }),
    });
    expect(
      await screen.findByText(
        'The impact appears after the next full readiness computation.',
      ),
    ).toBeInTheDocument();
  });

  it('is shown only for a model with staged checks', () => {
    expect(hasStagedChecks(model)).toBe(true);
    expect(hasStagedChecks(buildReadinessModel())).toBe(false);
  });
});
