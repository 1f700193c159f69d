import { Entity } from '@backstage/catalog-model';
import {
  catalogDetectors,
  deprecatedDependencyDetector,
  ownershipDetector,
} from './detectors';
import { catalogOf, entity } from './__testUtils__/fixtures';

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
