import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  buildReadinessModel,
  catalogDetectors,
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { statementsOf } from '../__testUtils__/statements';
import { PushedResult } from '../database/ReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const pipeline = 'external:ci-pipeline';

/** smallOrg plus eight components of team-a and team-b, half of them parts of shop. */
function org(): Entity[] {
  const extra = Array.from({ length: 8 }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${i}`, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: i % 2 ? 'team-a' : 'team-b',
      ...(i < 4 ? { system: 'shop' } : {}),
    },
  }));
  return withRelations([
    ...smallOrg().map(({ relations, ...e }) => e),
    ...extra,
  ]);
}

const model = buildReadinessModel();
const engine = new ReadinessEngine(model, catalogDetectors);

/**
 * The computation on a migrated database, with a catalog that fails the test
 * if it is called while a transaction is open (no lock is ever held across
 * a catalog call), and a hook that runs right after the catalog lookups.
 */
async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const entities = org();
  const byRef = new Map(entities.map(e => [entityRefOf(e), e]));
  let open = 0;
  const catalogCallsInTransactions: string[] = [];
  const catalogCalls: string[] = [];
  const hooks: { afterLookup?: () => Promise<void> } = {};
  const mock = catalogServiceMock({ entities });
  const catalog = new Proxy(mock, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: any[]) => {
        catalogCalls.push(String(prop));
        if (open) catalogCallsInTransactions.push(String(prop));
        const out = value.apply(target, args);
        if (prop === 'getEntitiesByRefs' && hooks.afterLookup) {
          const hook = hooks.afterLookup;
          hooks.afterLookup = undefined;
          return out.then(async (r: unknown) => {
            await hook();
            return r;
          });
        }
        return out;
      };
    },
  }) as CatalogService;
  const transaction = store.transaction.bind(store);
  store.transaction = async fn => {
    open++;
    try {
      return await transaction(fn);
    } finally {
      open--;
    }
  };
  const computation = testComputation({ engine, store, catalog });
  await computation.runFull();

  /** What the stored scorecards and rollups say. */
  const stored = async () => {
    const scorecards = Object.fromEntries(
      (await store.listScorecards({ limit: 100, offset: 0 })).items.map(
        ({ computedAt, ...summary }) => [summary.entityRef, summary],
      ),
    );
    const rollups: Record<string, unknown> = {};
    for (const kind of ['group', 'system', 'domain'] as const) {
      for (const r of (await store.listRollups({ kind, limit: 100, offset: 0 }))
        .items) {
        rollups[r.ref] = {
          score: r.score,
          entities: r.aggregate.entities,
          levels: r.aggregate.levels,
          scoreSum: Math.round(r.aggregate.scoreSum * 1000),
        };
      }
    }
    return { scorecards, rollups };
  };
  const entity = (ref: string) => byRef.get(ref)!;
  return {
    knex,
    store,
    computation,
    stored,
    entity,
    hooks,
    catalogCalls,
    catalogCallsInTransactions,
  };
}

const results = (refs: string[], checks: string[]): PushedResult[] =>
  refs.flatMap((entityRef, i) =>
    checks.map((checkId, j) => ({
      entityRef,
      checkId,
      status: (i + j) % 3 ? ('met' as const) : ('not-met' as const),
    })),
  );

const checks = ['monitoring.metrics', 'security.pen-test', 'support.runbooks'];

describe.each(databases.eachSupportedId())('recomputeMany on %s', id => {
  it('writes a batch over several entities and rescores them as a full recomputation would', async () => {
    const {
      knex,
      store,
      computation,
      stored,
      entity,
      catalogCalls,
      catalogCallsInTransactions,
    } = await setup(id);
    const refs = [
      'component:default/search',
      'component:default/cart',
      'component:default/svc-1',
      'component:default/svc-6',
      'component:default/cart', // twice: scored and counted once
    ];
    const before = await stored();
    let written!: Awaited<ReturnType<typeof computation.recomputeMany>>;
    const statements = await statementsOf(knex, async () => {
      written = await computation.recomputeMany(refs.map(entity), async tx => {
        await store.putResults(
          tx,
          results([...new Set(refs)], checks),
          pipeline,
        );
        await store.putAnswer(
          tx,
          'system:default/shop',
          'monitoring.alerting',
          { status: 'met' },
          'user:default/alice',
          0,
        );
        return 'written';
      });
    });
    const { result, scorecards } = written;
    expect(result).toBe('written');
    // The batch's old scorecards are locked and read together, not one
    // statement per entity.
    expect(
      statements.filter(statement =>
        /from [`"]readiness_scorecards[`"].* where .*[`"]entity_ref[`"] = /s.test(
          statement.sql,
        ),
      ),
    ).toEqual([]);
    // Their Systems too are read from the catalog in one request.
    expect(catalogCalls).not.toContain('getEntityByRef');
    expect([...scorecards.keys()].sort()).toEqual([...new Set(refs)].sort());

    const incremental = await stored();
    expect(incremental).not.toEqual(before);
    await computation.runFull();
    const full = await stored();
    // The System's answer reaches its parts at the full run only: the batch
    // named the parts it wrote results of, not the System.
    for (const ref of new Set(refs)) {
      expect(incremental.scorecards[ref]).toEqual(full.scorecards[ref]);
    }
    expect(catalogCallsInTransactions).toEqual([]);
  });

  it('rescores a System with all its parts when the batch names it', async () => {
    const { store, computation, stored, entity } = await setup(id);
    const { scorecards } = await computation.recomputeMany(
      [entity('system:default/shop'), entity('component:default/svc-6')],
      async tx => {
        await store.putAnswer(
          tx,
          'system:default/shop',
          'monitoring.alerting',
          { status: 'met' },
          'user:default/alice',
          0,
        );
        await store.putResults(
          tx,
          results(
            ['component:default/svc-6', 'component:default/svc-2'],
            checks,
          ),
          pipeline,
        );
      },
    );
    expect([...scorecards.keys()].sort()).toEqual([
      'component:default/cart',
      'component:default/checkout',
      'component:default/search',
      'component:default/svc-0',
      'component:default/svc-1',
      'component:default/svc-2',
      'component:default/svc-3',
      'component:default/svc-6',
      'system:default/shop',
    ]);
    const incremental = await stored();
    await computation.runFull();
    expect(incremental).toEqual(await stored());
  });

  it('writes nothing when the write fails: no result, history, scorecard or rollup change', async () => {
    const { store, computation, stored, entity } = await setup(id);
    const refs = ['component:default/cart', 'component:default/svc-3'];
    const before = await stored();
    const watermark = await store.historyWatermark();
    await expect(
      computation.recomputeMany(refs.map(entity), async tx => {
        await store.putResults(tx, results(refs, checks), pipeline);
        throw new Error('the second half of the batch is invalid');
      }),
    ).rejects.toThrow('the second half of the batch is invalid');
    expect(await stored()).toEqual(before);
    expect(await store.historyWatermark()).toBe(watermark);
    expect([...(await store.getResults(refs)).keys()]).toEqual([]);
  });

  it('runs overlapping batches at the same time without deadlock or lost update', async () => {
    const { store, computation, stored, entity } = await setup(id);
    const all = [
      'component:default/cart',
      'component:default/checkout',
      'component:default/search',
      ...Array.from({ length: 8 }, (_, i) => `component:default/svc-${i}`),
    ];
    const batches = Array.from({ length: 8 }, (__, b) => {
      // Every batch names five entities, in its own order.
      const refs = Array.from(
        { length: 5 },
        (_, i) => all[(b * 3 + i * 2) % all.length],
      );
      return b % 2 ? refs.reverse() : refs;
    });
    await Promise.all(
      batches.map((refs, b) =>
        computation.recomputeMany(refs.map(entity), tx =>
          store.putResults(
            tx,
            results(refs, [checks[b % 3], `monitoring.alerting`]),
            pipeline,
          ),
        ),
      ),
    );
    const incremental = await stored();
    await computation.runFull();
    expect(incremental).toEqual(await stored());
  });

  it('looks up holders that another writer assigned after its own lookup, outside the transaction', async () => {
    const {
      store,
      computation,
      stored,
      entity,
      hooks,
      catalogCallsInTransactions,
    } = await setup(id);
    // Commits right after the recomputation read the catalog, before its
    // transaction: a holder it did not look up.
    hooks.afterLookup = () =>
      store.transaction(async tx => {
        await store.putRole(
          tx,
          'component:default/search',
          'dba',
          ['user:default/bob'],
          'user:default/bob',
          0,
        );
      });
    await computation.recomputeMany([entity('component:default/search')], tx =>
      store.putResults(
        tx,
        results(['component:default/search'], checks),
        pipeline,
      ),
    );
    const incremental = await stored();
    await computation.runFull();
    expect(incremental).toEqual(await stored());
    expect(catalogCallsInTransactions).toEqual([]);
  });
});
