import { meetRunbooks } from '../__testUtils__/editableCatalog';
import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { StoreTransaction } from '../database/ReadinessStore';
import { READINESS_MIGRATIONS } from '../database/migrations';
import { storedRollups } from '../__testUtils__/rollups';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const DAY_MS = 86400000;

/** smallOrg plus components of team-b in and outside shop, one with bob as its dba. */
function org(): Entity[] {
  const extra = Array.from(
    { length: 4 },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        etag: `svc-${i}-1`,
        annotations:
          i === 0 ? { 'prodready.dev/role.dba': 'user:default/bob' } : {},
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-b',
        ...(i < 2 ? { system: 'shop' } : {}),
      },
    }),
  );
  return withRelations([
    ...smallOrg().map(({ relations, ...e }) => e),
    ...extra,
  ]);
}

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const world = {
    entities: org(),
    engine: defaultEngine(),
    now: new Date(),
  };
  const logger = mockServices.logger.mock();
  const run = () =>
    testComputation({
      engine: world.engine,
      store,
      catalog: catalogServiceMock({ entities: world.entities }),
      logger,
      now: () => world.now,
    }).runFull();
  return { knex, store, world, run, logger };
}

/** Every stored scorecard and rollup, without the time they were computed. */
async function everything(knex: Knex, store: DatabaseReadinessStore) {
  const refs = (await knex('readiness_scorecards').select('entity_ref'))
    .map(r => r.entity_ref as string)
    .sort();
  const scorecards: Record<string, unknown> = {};
  for (const ref of refs) {
    // The fingerprint is a hash of the whole scorecard (its detail included).
    const { computedAt, ...rest } = (await store.getScorecard(ref))!;
    scorecards[ref] = rest;
  }
  return { scorecards, rollups: await storedRollups(store) };
}

const entityOf = (entities: Entity[], kind: string, name: string) =>
  entities.find(e => e.kind === kind && e.metadata.name === name)!;

describe.each(databases.eachSupportedId())(
  'full runs that score only changed inputs, on %s',
  id => {
    it('score no entity when nothing changed', async () => {
      const { run, logger } = await setup(id);
      const first = await run();
      expect(first.rescored).toBe(first.entities);
      expect(first.entities).toBeGreaterThan(5);
      const second = await run();
      expect(second).toMatchObject({
        entities: first.entities,
        rescored: 0,
        written: 0,
        rollups: first.rollups,
      });
      expect(logger.info).toHaveBeenLastCalledWith(
        expect.stringContaining('(0 scored again'),
      );
    });

    it('give what scoring everything gives, after each kind of change', async () => {
      const { knex, store, world, run } = await setup(id);
      const initial = await run();
      const total = initial.entities!;

      /** Runs again; compares with a run that scores every entity from scratch. */
      const runAndCompare = async () => {
        const state = await run();
        const incremental = await everything(knex, store);
        await knex('readiness_scorecards').delete();
        const scratch = await run();
        expect(scratch.rescored).toBe(total);
        expect(await everything(knex, store)).toEqual(incremental);
        return state.rescored;
      };
      const write = (fn: (tx: StoreTransaction) => Promise<unknown>) =>
        store.transaction(fn);

      // An answer of one entity.
      await write(tx =>
        store.putAnswer(
          tx,
          'component:default/search',
          'monitoring.metrics',
          { status: 'met' },
          'user:default/bob',
          0,
        ),
      );
      expect(await runAndCompare()).toBe(1);

      // A role of one entity.
      await write(tx =>
        store.putRole(
          tx,
          'component:default/svc-2',
          'dba',
          ['group:default/empty-team'],
          'user:default/bob',
          0,
        ),
      );
      expect(await runAndCompare()).toBe(1);

      // A pushed result.
      await write(tx =>
        store.putResults(
          tx,
          [
            {
              entityRef: 'component:default/svc-3',
              checkId: 'support.runbooks',
              status: 'met',
            },
          ],
          'external:ci',
        ),
      );
      expect(await runAndCompare()).toBe(1);

      // A System annotation: shop and its five parts, which inherit it.
      const shop = entityOf(world.entities, 'System', 'shop');
      shop.metadata.annotations = {
        ...shop.metadata.annotations,
        'prodready.dev/check.monitoring.alerting': 'met',
      };
      expect(await runAndCompare()).toBe(6);

      // A System's portal answer.
      await write(tx =>
        store.putAnswer(
          tx,
          'system:default/shop',
          'support.runbooks',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      expect(await runAndCompare()).toBe(6);

      // An entity annotation, with its etag.
      const cart = entityOf(world.entities, 'Component', 'cart');
      meetRunbooks(cart);
      cart.metadata.etag = `${cart.metadata.etag}-2`;
      expect(await runAndCompare()).toBe(1);

      // A role holder leaves the catalog: only svc-0 (bob is its dba) changes.
      world.entities = world.entities.filter(
        e => !(e.kind === 'User' && e.metadata.name === 'bob'),
      );
      expect(await runAndCompare()).toBe(1);

      // An answer that expires in 90 days; then the clock passes that date.
      await write(tx =>
        store.putAnswer(
          tx,
          'component:default/svc-3',
          'recoverability.restore-test',
          { status: 'met' },
          'user:default/bob',
          0,
        ),
      );
      expect(await runAndCompare()).toBe(1);
      world.now = new Date(world.now.getTime() + 30 * DAY_MS);
      expect(await runAndCompare()).toBe(0);
      world.now = new Date(world.now.getTime() + 61 * DAY_MS);
      expect(await runAndCompare()).toBe(1);
      const expired = await store.getScorecard('component:default/svc-3');
      expect(expired!.checks['recoverability.restore-test']).toBe('expired');

      // The model config: everything is scored again.
      world.engine = new ReadinessEngine(
        buildReadinessModel({
          config: {
            checks: { overrides: { 'monitoring.metrics': { weight: 7 } } },
          },
        }),
        catalogDetectors,
      );
      expect(await runAndCompare()).toBe(total);

      // And nothing changed after all that.
      expect((await run()).rescored).toBe(0);
    });

    it('scores again what a single-entity recomputation wrote', async () => {
      const { store, world, run } = await setup(id);
      await run();
      await testComputation({
        engine: world.engine,
        store,
        catalog: catalogServiceMock({ entities: world.entities }),
      }).recompute(entityOf(world.entities, 'Component', 'search'));
      expect((await run()).rescored).toBe(1);
      expect((await run()).rescored).toBe(0);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the input fingerprint migration on %s',
  id => {
    it('adds the column and drops it again', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      const has = () =>
        knex.schema.hasColumn('readiness_scorecards', 'input_fingerprint');
      expect(await has()).toBe(true);
      await knex.migrate.down({
        ...READINESS_MIGRATIONS,
        name: '20261201200000_scorecard_input_fingerprint.js',
      });
      expect(await has()).toBe(false);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(await has()).toBe(true);
    });
  },
);
