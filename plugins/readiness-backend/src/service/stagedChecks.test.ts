import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ReadinessCheck,
  ReadinessEngine,
  ReadinessModel,
  UpcomingImpactReport,
} from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { withRelations } from '../__testUtils__/entities';
import { base, bob, carol, startBackend } from '../__testUtils__/testBackend';
import { UPCOMING_IMPACT_STATE } from './lastRunState';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const check = (
  id: string,
  rest: Partial<ReadinessCheck> = {},
): ReadinessCheck => ({
  id,
  category: 'ops',
  title: id,
  question: `${id}?`,
  guidance: '',
  weight: 1,
  gate: true,
  level: 'bronze',
  appliesTo: ['component'],
  roles: [],
  ...rest,
});

/** Two levels; the silver gate `ops.restore` is staged for 1 March 2027. */
const model: ReadinessModel = {
  categories: [{ id: 'ops', title: 'Ops', description: 'Ops' }],
  levels: [
    { id: 'bronze', title: 'Bronze' },
    { id: 'silver', title: 'Silver' },
  ],
  checks: [
    check('ops.owner'),
    check('ops.restore', { level: 'silver', effectiveFrom: '2027-03-01' }),
  ],
  roles: [],
  minimumProductionLevel: 'bronze',
};

const component = (name: string, answers: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    etag: `${name}-1`,
    annotations: Object.fromEntries(
      Object.entries(answers).map(([id, v]) => [
        `prodready.dev/check.${id}`,
        v,
      ]),
    ),
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/**
 * ready: silver today and after; drops: silver today, bronze from 1 March;
 * none: no level either way.
 */
const entities = withRelations([
  group,
  component('ready', { 'ops.owner': 'met', 'ops.restore': 'met' }),
  component('drops', { 'ops.owner': 'met', 'ops.restore': 'not-met' }),
  component('none', { 'ops.owner': 'not-met' }),
]);

async function setup(id: TestDatabaseId) {
  const store = await storeOn(await databases.init(id));
  const clock = { now: new Date('2027-02-27T12:00:00Z') };
  const run = () =>
    testComputation({
      engine: new ReadinessEngine(model),
      store,
      catalog: catalogServiceMock({ entities }),
      now: () => clock.now,
    }).runFull();
  return { store, clock, run };
}

describe.each(databases.eachSupportedId())('staged checks on %s', id => {
  it('stores the impact of each staged date with the rollups', async () => {
    const { store, run } = await setup(id);
    await run();
    expect(
      await store.getState<UpcomingImpactReport>(UPCOMING_IMPACT_STATE),
    ).toEqual({
      computedAt: '2027-02-27T12:00:00.000Z',
      impacts: [
        {
          effectiveFrom: '2027-03-01',
          checks: ['ops.restore'],
          entities: 3,
          levelDrops: 1,
          dropOutOf: { silver: 1 },
          newlyBelowGate: 0,
        },
      ],
    });
    // Today the staged check counts nowhere: both answered ones are silver.
    const drops = await store.getScorecard('component:default/drops');
    expect(drops!.member.level).toBe('silver');
    expect(drops!.checks['ops.restore']).toBe('upcoming');
    const team = await store.getRollups(['group:default/team-a']);
    expect(team.get('group:default/team-a')!.aggregate.levels).toMatchObject({
      silver: 2,
    });
  });

  it('scores again on the effective date, and only then', async () => {
    const { store, clock, run } = await setup(id);
    expect((await run()).rescored).toBe(3);
    // The evening before: nothing changed, nothing scored.
    clock.now = new Date('2027-02-28T23:59:00Z');
    expect((await run()).rescored).toBe(0);
    // The day itself: every entity the staged check applies to.
    clock.now = new Date('2027-03-01T00:01:00Z');
    expect((await run()).rescored).toBe(3);
    const drops = await store.getScorecard('component:default/drops');
    expect(drops!.member.level).toBe('bronze');
    expect(drops!.checks['ops.restore']).toBe('not-met');
    expect(drops!.member.upcoming).toBeUndefined();
    const team = await store.getRollups(['group:default/team-a']);
    expect(team.get('group:default/team-a')!.aggregate.levels).toMatchObject({
      silver: 1,
      bronze: 1,
    });
    expect(
      (await store.getState<UpcomingImpactReport>(UPCOMING_IMPACT_STATE))!
        .impacts,
    ).toEqual([]);
    expect((await run()).rescored).toBe(0);
  });

  it('serves the stored impact to every reader', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({
      knex,
      config: {
        readiness: {
          // Far ahead, so the test does not depend on today's date.
          checks: {
            overrides: {
              'monitoring.metrics': { effectiveFrom: '2099-01-01' },
            },
          },
        },
      },
    });
    const before = await api
      .get(`${base}/upcoming-impact`)
      .set('Authorization', bob)
      .expect(200);
    expect(before.body).toEqual({ impacts: [] });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const after = await api
      .get(`${base}/upcoming-impact`)
      .set('Authorization', bob)
      .expect(200);
    expect(after.body.computedAt).toEqual(expect.any(String));
    expect(after.body.impacts).toEqual([
      expect.objectContaining({
        effectiveFrom: '2099-01-01',
        checks: ['monitoring.metrics'],
        entities: expect.any(Number),
      }),
    ]);
    expect(after.body.impacts[0].entities).toBeGreaterThan(0);
  });
});
