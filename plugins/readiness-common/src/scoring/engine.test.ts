import { Entity } from '@backstage/catalog-model';
import { buildReadinessModel } from '../model/buildModel';
import { catalogDetectors, CatalogLookup } from '../detectors';
import { ReadinessEngine } from './engine';

const catalog: CatalogLookup = {
  exists: ref => ['group:default/team-a', 'user:default/alice'].includes(ref),
  groupMemberCount: ref => (ref === 'group:default/team-a' ? 3 : undefined),
  lifecycleOf: () => undefined,
};
const now = new Date('2026-11-26T12:00:00Z');

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

describe('ReadinessEngine', () => {
  const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);

  it('scores an entity without answers from automatic detection only', () => {
    const scorecard = engine.score({ entity: component() }, { now, catalog });
    const ownership = scorecard.checks.find(
      c => c.checkId === 'organisation.ownership',
    )!;
    expect(ownership).toMatchObject({
      status: 'met',
      source: 'automatic',
      points: 1,
    });
    expect(scorecard.level).toBeNull();
    expect(scorecard.lifecycleGate).toEqual({
      production: true,
      minimumLevel: 'bronze',
      passed: false,
    });
    expect(scorecard.score).toBeGreaterThan(0);
    expect(scorecard.score).toBeLessThan(10);
  });

  it('counts annotation answers and lists malformed ones as problems', () => {
    const scorecard = engine.score(
      {
        entity: component({
          'prodready.dev/check.monitoring.metrics':
            'met; evidence=https://grafana.example/d/1',
          'prodready.dev/check.recoverability.backups': 'done',
        }),
      },
      { now, catalog },
    );
    expect(
      scorecard.checks.find(c => c.checkId === 'monitoring.metrics'),
    ).toMatchObject({
      status: 'met',
      source: 'annotation',
    });
    expect(
      scorecard.checks.find(c => c.checkId === 'recoverability.backups'),
    ).toMatchObject({
      status: 'unknown',
      source: 'annotation',
    });
    expect(scorecard.problems).toEqual([
      expect.objectContaining({
        key: 'prodready.dev/check.recoverability.backups',
        message: expect.stringContaining("'done' is not a status"),
      }),
    ]);
  });

  it('marks an expired answer as expired since its expiry date', () => {
    const scorecard = engine.score(
      {
        entity: component({
          'prodready.dev/check.recoverability.restore-test':
            'met; date=2026-05-01',
        }),
      },
      { now, catalog },
    );
    expect(
      scorecard.checks.find(c => c.checkId === 'recoverability.restore-test'),
    ).toMatchObject({
      status: 'expired',
      points: 0,
      expiredSince: '2026-07-30T00:00:00.000Z',
    });
  });
});
