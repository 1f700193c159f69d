import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  buildReadinessModel,
  catalogDetectors,
  EntityScorecard,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { renderReadiness } from '../../../__testUtils__/render';
import {
  model,
  paymentsApi,
  scorecardApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessContent } from './EntityReadinessContent';

// The whole tab renders every check; give it time on a busy machine.

const NA =
  'na; reason=out-of-scope; note=a managed queue, nothing of ours runs';

/** A production Resource whose every check is answered N/A. */
function allNotApplicableQueue(): Entity {
  const annotations = Object.fromEntries(
    model.checks
      .filter(c => c.appliesTo.includes('resource'))
      .map(c => [`prodready.dev/check.${c.id}`, NA]),
  );
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-queue', namespace: 'default', annotations },
    spec: {
      type: 'queue',
      owner: 'group:default/payments-team',
      lifecycle: 'production',
    },
  };
}

function apiFor(scorecard: EntityScorecard, withModel = model) {
  return {
    ...scorecardApi(scorecard),
    getModel: async () => withModel,
    getHistory: jest.fn(async () => ({ changes: [], snapshots: [] })),
  };
}

describe('EntityReadinessContent for an entity that is not assessed', () => {
  it('explains that an entity whose every check is N/A has no score and no level', async () => {
    const entity = allNotApplicableQueue();
    const scorecard = scorecardOf(entity);
    expect(scorecard.notAssessed).toBeDefined();
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard),
      entity,
    });

    const message = await screen.findByTestId('readiness-not-assessed');
    expect(within(message).getByText('Not assessed')).toBeInTheDocument();
    expect(message).toHaveTextContent(
      /Every check is marked not applicable to this entity.*no score and no level/,
    );
    // The level chip says so instead of "No level" or the highest level.
    expect(screen.getAllByText('Not assessed').length).toBeGreaterThan(1);
    expect(screen.queryByText('Gold')).not.toBeInTheDocument();
    expect(screen.queryByText('No level')).not.toBeInTheDocument();
    // In production, it does not pass the lifecycle gate, and says why.
    expect(screen.getByText(/In production below Bronze/)).toBeInTheDocument();
    expect(
      screen.getByText(/this one is not assessed \(see above\)/),
    ).toBeInTheDocument();
  });

  it('names the configured minimum when too few checks apply', async () => {
    // More than the checklist has: the config refuses it, a model may hold it.
    const strictModel = {
      ...buildReadinessModel(),
      minimumApplicableChecks: 500,
    };
    const entity = paymentsApi();
    const scorecard = new ReadinessEngine(strictModel, catalogDetectors).score(
      { entity },
      {
        now: new Date(),
        catalog: {
          exists: () => true,
          groupMemberCount: () => 1,
          groupMembers: () => ['user:default/alice'],
          lifecycleOf: () => 'production',
        },
      },
    );
    const applicable = scorecard.checks.filter(
      c => c.status !== 'not-applicable',
    ).length;
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard, strictModel),
      entity,
    });

    const message = await screen.findByTestId('readiness-not-assessed');
    expect(message).toHaveTextContent(
      `Only ${applicable} checks apply to this entity (the others are marked not applicable); at least 500 must apply before it gets a level, and its score covers only those ${applicable}.`,
    );
    // The score of what applies is still shown.
    expect(screen.getByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
  });

  it('shows no such message for an assessed entity', async () => {
    const entity = paymentsApi();
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecardOf(entity)),
      entity,
    });
    expect(await screen.findByTestId('readiness-score')).toBeInTheDocument();
    expect(
      screen.queryByTestId('readiness-not-assessed'),
    ).not.toBeInTheDocument();
  });
});
