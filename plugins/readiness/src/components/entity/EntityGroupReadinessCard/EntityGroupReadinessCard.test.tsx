import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  computeRollups,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { renderReadiness } from '../../../__testUtils__/render';
import {
  model,
  paymentsApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { EntityGroupReadinessCard } from './EntityGroupReadinessCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default', title: 'Payments' },
  spec: { type: 'team', children: [] },
};

describe('EntityGroupReadinessCard', () => {
  it('shows the rollup, its levels, gate failures and the lowest-scoring entities', async () => {
    const scorecard = scorecardOf(paymentsApi());
    const { rollups } = computeRollups([toRollupMember(scorecard)], {
      groups: [{ ref: 'group:default/payments-team', title: 'Payments' }],
      systems: [],
      domains: [],
    });
    const getRollup = jest.fn(async () => ({
      rollup: rollups[0],
      children: [],
      entities: [
        {
          ...toRollupMember(scorecard),
          title: 'Payments API',
          computedAt: scorecard.computedAt,
        },
      ],
      entitiesTotal: 1,
      trend: [],
      stale: false,
    }));
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup },
      entity: group,
    });
    expect(
      await screen.findByTestId('group-readiness-score'),
    ).toHaveTextContent(`${rollups[0].score}%`);
    expect(getRollup).toHaveBeenCalledWith('group:default/payments-team', {
      limit: 5,
    });
    expect(
      screen.getByRole('img', {
        name: 'Entities per level: 1 no level, 0 Bronze, 0 Silver, 0 Gold',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('in production below the gate').previousSibling,
    ).toHaveTextContent('1');
    const lowest = screen.getByRole('list', {
      name: 'Entities with the lowest scores',
    });
    expect(
      within(lowest).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/readiness',
    );
    expect(
      screen.getByRole('link', { name: /Organisation readiness/ }),
    ).toHaveAttribute('href', '/readiness');
  });
});
