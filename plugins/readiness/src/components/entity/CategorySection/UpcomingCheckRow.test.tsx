import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  buildReadinessModel,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { checkRows } from '../../../lib/checks';
import { paymentsApi } from '../../../__testUtils__/scorecards';
import { CategorySection } from './CategorySection';

const NOW = new Date('2026-12-01T09:00:00Z');
const model = buildReadinessModel({
  config: {
    checks: {
      overrides: { 'monitoring.metrics': { effectiveFrom: '2027-03-01' } },
    },
  },
});

describe('an upcoming check on the Readiness tab', () => {
  it('shows the upcoming chip with its date and the would-be status', async () => {
    const scorecard = new ReadinessEngine(model).score(
      {
        entity: paymentsApi({
          'prodready.dev/check.monitoring.metrics':
            'met; evidence=https://grafana.example.com/d/payments',
        }),
      },
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
    await renderInTestApp(
      <CategorySection
        category={model.categories.find(c => c.id === 'monitoring')!}
        score={scorecard.categories.find(c => c.categoryId === 'monitoring')!}
        rows={checkRows(scorecard, model).filter(
          r => r.definition.category === 'monitoring',
        )}
        model={model}
        now={NOW}
        expanded={new Set()}
        onToggle={jest.fn()}
        actions={{
          canAnswer: false,
          canReview: false,
          busy: false,
          onEdit: jest.fn(),
          onReattest: jest.fn(),
          onRevert: jest.fn(),
          onReview: jest.fn(),
        }}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const row = screen.getByTestId('check-row-monitoring.metrics');
    expect(
      within(row).getByText('Upcoming · from 1 Mar 2027'),
    ).toBeInTheDocument();
    expect(within(row).getByText('would be')).toBeInTheDocument();
    expect(within(row).getByText('Met')).toBeInTheDocument();
    // Another check of the category keeps its plain status chip.
    const logs = screen.getByTestId('check-row-monitoring.centralised-logs');
    expect(within(logs).queryByText(/Upcoming/)).not.toBeInTheDocument();
  });
});
