import { Entity } from '@backstage/catalog-model';
import {
  catalogDetectors,
  deprecatedDependencyDetector,
  ownershipDetector,
  ReadinessDetector,
} from './detectors';
import {
  catalogOf,
  component,
  entity,
  NOW,
  tinyModel,
} from './__testUtils__/fixtures';
import { ReadinessEngine } from './scoring/engine';

const catalog = catalogOf(
  [
    'group:default/team-a',
    'user:default/alice',
    'component:default/old',
    'resource:default/db',
  ],
  {
    lifecycles: {
      'component:default/old': 'deprecated',
      'resource:default/db': 'production',
    },
  },
);

describe('ownershipDetector', () => {
  const detect = (spec: NonNullable<Entity['spec']>, kind = 'Component') =>
    ownershipDetector.detect(entity(kind, 'svc', { spec }), { catalog });

  it('is met when a group in the catalog owns the entity and a lifecycle is set', () => {
    expect(detect({ owner: 'team-a', lifecycle: 'production' })).toEqual([
      {
        checkId: 'organisation.ownership',
        status: 'met',
        note: 'owned by group:default/team-a',
      },
    ]);
    // Systems and Resources have no lifecycle in the catalog model.
    expect(detect({ owner: 'team-a' }, 'System')[0].status).toBe('met');
    expect(detect({ owner: 'team-a' }, 'Resource')[0].status).toBe('met');
  });

  it('is partially met without a lifecycle, and not met without a team owner', () => {
    expect(detect({ owner: 'team-a' })[0]).toMatchObject({
      status: 'partially-met',
      note: 'owned by group:default/team-a; spec.lifecycle is not set',
    });
    expect(detect({})[0]).toMatchObject({
      status: 'not-met',
      note: 'spec.owner is not set',
    });
    expect(
      detect({ owner: 'user:alice', lifecycle: 'production' })[0],
    ).toMatchObject({
      status: 'not-met',
      note: 'owned by user:default/alice, a person rather than a team',
    });
    expect(
      detect({ owner: 'team-z', lifecycle: 'production' })[0],
    ).toMatchObject({
      status: 'not-met',
      note: 'owner group:default/team-z is not in the catalog',
    });
  });
});

describe('deprecatedDependencyDetector', () => {
  it('flags dependencies whose lifecycle is deprecated, and is silent otherwise', () => {
    const withDeps = (...targets: string[]) =>
      entity('Component', 'svc', {
        relations: targets.map(targetRef => ({ type: 'dependsOn', targetRef })),
      });
    expect(
      deprecatedDependencyDetector.detect(
        withDeps('Component:default/Old', 'resource:default/db'),
        { catalog },
      ),
    ).toEqual([
      {
        checkId: 'support.deprecation-watch',
        status: 'partially-met',
        note: 'depends on deprecated component:default/old',
      },
    ]);
    expect(
      deprecatedDependencyDetector.detect(withDeps('resource:default/db'), {
        catalog,
      }),
    ).toEqual([]);
    expect(
      deprecatedDependencyDetector.detect(entity('Component', 'svc'), {
        catalog,
      }),
    ).toEqual([]);
  });

  it('is always on, after the ownership detector', () => {
    expect(catalogDetectors.map(d => d.id)).toEqual([
      'catalog-ownership',
      'catalog-deprecated-dependencies',
    ]);
  });
});

describe('evidence a detector finds', () => {
  /** A detector meeting `a.one` with the given evidence URL. */
  const meetsWith = (evidenceUrl: string): ReadinessDetector => ({
    id: 'copies-a-link',
    title: 'Copies a link',
    checkIds: ['a.one'],
    detect: () => [
      { checkId: 'a.one', status: 'met', evidenceUrl, note: 'found' },
    ],
  });
  const scored = (evidenceUrl: string) =>
    new ReadinessEngine(tinyModel(), [meetsWith(evidenceUrl)])
      .score({ entity: component() }, { now: NOW, catalog })
      .checks.find(c => c.checkId === 'a.one');

  it('is kept when the API would take it', () => {
    expect(scored('https://grafana.example/d/1')).toMatchObject({
      status: 'met',
      source: 'automatic',
      answer: { evidenceUrl: 'https://grafana.example/d/1' },
    });
  });

  it('is left out when it holds control characters or is no http URL; the finding stands', () => {
    for (const url of [
      '\u0001https://grafana.example/d/1',
      'https://grafana.example/d/1\u001b[31m',
      'https://grafana.example/\td/1',
      'ftp://files.example/d/1',
      ' https://grafana.example/d/1',
      `https://grafana.example/${'d'.repeat(2048)}`,
    ]) {
      const result = scored(url);
      expect(result).toMatchObject({ status: 'met', source: 'automatic' });
      expect(result?.answer).toBeDefined();
      expect(result?.answer?.evidenceUrl).toBeUndefined();
    }
  });
});
