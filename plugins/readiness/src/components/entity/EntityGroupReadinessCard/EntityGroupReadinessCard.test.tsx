import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  computeRollups,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { backupsCampaign } from '../../../__testUtils__/campaigns';
import { renderReadiness, responseError } from '../../../__testUtils__/render';
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

const scorecard = scorecardOf(paymentsApi());
const { rollups } = computeRollups([toRollupMember(scorecard)], {
  groups: [{ ref: 'group:default/payments-team', title: 'Payments' }],
  systems: [],
  domains: [],
});
const getRollup = jest.fn(async () => ({
  rollup: rollups[0],
  children: [],
  childrenTotal: 0,
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
const listCampaigns = jest.fn(async () => ({
  items: [backupsCampaign],
  totalCount: 1,
}));

describe('EntityGroupReadinessCard', () => {
  it('shows the rollup, its levels, gate failures and the lowest-scoring entities', async () => {
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup },
      entity: group,
    });
    expect(
      await screen.findByTestId('group-readiness-score'),
    ).toHaveTextContent(`${rollups[0].score}%`);
    expect(getRollup).toHaveBeenCalledWith('group:default/payments-team', {
      limit: 5,
      // The card shows no sub-groups: none are read.
      childLimit: 0,
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

  it('shows the rollup and open campaigns without links to the organisation page when the app has none', async () => {
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup, listCampaigns },
      entity: group,
      organisationPage: false,
    });
    expect(
      await screen.findByTestId('group-readiness-score'),
    ).toHaveTextContent(`${rollups[0].score}%`);
    expect(
      await screen.findByText(/^Backups everywhere · /),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Payments API' })).toBeTruthy();
    expect(
      screen.queryByRole('link', { name: 'Backups everywhere' }),
    ).toBeNull();
    expect(
      screen.queryByRole('link', { name: /Organisation readiness/ }),
    ).toBeNull();
  });

  it('says the entities are withheld while the catalog cannot be reached, not that the group owns none', async () => {
    const stale = jest.fn(async () => ({
      ...(await getRollup()),
      entities: [],
      stale: true,
    }));
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup: stale },
      entity: group,
    });
    expect(
      await screen.findByText(/not listed while the catalog cannot be reached/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/owns no entities directly/)).toBeNull();
  });

  it('says a group the last full run has not rolled up yet has no figures yet, without an error', async () => {
    const notRolledUp = jest.fn(async () => {
      throw await responseError(404, 'Not Found', {
        name: 'NotFoundError',
        message: 'No rollup for group:default/payments-team',
      });
    });
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup: notRolledUp },
      entity: group,
    });
    expect(
      await screen.findByText(
        'No readiness figures for this group yet: they appear after the next full run.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Team readiness')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/NotFoundError|No rollup for/)).toBeNull();
    expect(screen.queryByTestId('group-readiness-score')).toBeNull();
  });

  it('shows other failures as errors', async () => {
    const unavailable = jest.fn(async () => {
      throw await responseError(503, 'Service Unavailable', {
        name: 'ServiceUnavailableError',
        message: 'The readiness database is unavailable',
      });
    });
    await renderReadiness(<EntityGroupReadinessCard />, {
      api: { getModel: async () => model, getRollup: unavailable },
      entity: group,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /The readiness database is unavailable/,
    );
    expect(
      screen.queryByText(/No readiness figures for this group yet/),
    ).toBeNull();
  });
});
