import { screen, within } from '@testing-library/react';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { renderReadiness } from '../../../__testUtils__/render';
import { paymentsApi, scorecardApi } from '../../../__testUtils__/scorecards';
import { EntityReadinessContent } from './EntityReadinessContent';

const NOW = new Date('2026-12-01T09:00:00Z');
const model = buildReadinessModel({
  config: {
    checks: {
      overrides: { 'monitoring.metrics': { effectiveFrom: '2027-03-01' } },
    },
  },
});

describe('EntityReadinessContent with a staged check', () => {
  it('shows the check as upcoming with its would-be status and counts it apart', async () => {
    const entity = paymentsApi({
      'prodready.dev/check.monitoring.metrics':
        'met; evidence=https://grafana.example.com/d/payments',
    });
    const scorecard = new ReadinessEngine(model, catalogDetectors).score(
      { entity },
      {
        now: NOW,
        catalog: {
          exists: () => true,
          groupMemberCount: () => 3,
          groupMembers: () => undefined,
          lifecycleOf: () => undefined,
        },
      },
    );
    await renderReadiness(<EntityReadinessContent />, {
      api: {
        ...scorecardApi(scorecard),
        getModel: async () => model,
        getHistory: jest.fn(async () => ({ changes: [], snapshots: [] })),
      },
      entity,
    });

    const row = await screen.findByTestId('check-row-monitoring.metrics');
    expect(
      within(row).getByText('Upcoming · from 1 Mar 2027'),
    ).toBeInTheDocument();
    expect(within(row).getByText('would be')).toBeInTheDocument();
    expect(within(row).getByText('Met')).toBeInTheDocument();
    expect(screen.getByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
    expect(screen.getByText('1 upcoming')).toBeInTheDocument();
  });
});
