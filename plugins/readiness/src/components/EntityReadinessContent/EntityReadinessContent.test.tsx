import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { ReadinessApi, readinessApiRef } from '../../api/ReadinessApi';
import { EntityReadinessContent } from './EntityReadinessContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'prodready.dev/check.monitoring.metrics': 'met' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

describe('EntityReadinessContent', () => {
  it('shows the overall score and every category with check statuses', async () => {
    const model = buildReadinessModel();
    const scorecard = new ReadinessEngine(model, catalogDetectors).score(
      { entity },
      {
        now: new Date(),
        catalog: {
          exists: () => true,
          groupMemberCount: () => 1,
          lifecycleOf: () => undefined,
        },
      },
    );
    const api: Partial<ReadinessApi> = {
      getModel: async () => model,
      getScorecard: async () => ({ scorecard, stale: false }),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[readinessApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityReadinessContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
    for (const category of model.categories) {
      expect(
        screen.getByText(new RegExp(`^${category.title} — `)),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByText('Key metrics monitored').closest('tr'),
    ).toHaveTextContent('Met');
  });
});
