import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  computeRollups,
  entityRefOf,
  RollupMember,
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
import { structureOf } from './catalogLookup';
import { isLookup } from '../__testUtils__/catalogRequests';
import { LAST_RUN_STATE, LastRunState } from './lastRunState';
import { storedRollups } from '../__testUtils__/rollups';

jest.setTimeout(180_000);

const databases = createTestDatabases();

/** smallOrg plus ten components of both teams, some in the System shop, some depending on others. */
function org(): Entity[] {
  const extra = Array.from(
    { length: 10 },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        etag: `svc-${i}-1`,
        annotations:
          i % 3 ? {} : { 'prodready.dev/check.monitoring.metrics': 'met' },
      },
      spec: {
        type: 'service',
        lifecycle: i % 4 ? 'production' : 'experimental',
        owner: i % 2 ? 'team-a' : 'team-b',
        ...(i < 5 ? { system: 'shop' } : {}),
        ...(i > 0 ? { dependsOn: [`component:default/svc-${i - 1}`] } : {}),
      },
    }),
  );
  return withRelations([
    ...smallOrg().map(({ relations, ...e }) => e),
    ...extra,
  ]);
}

/**
 * The in-memory catalog with a hook before each read of entity bodies, which
 * the full run makes once per page of the entities it scores (not before
 * the reads by ref of what a page looks up, users and the like).
 */
function pagedCatalog(
  entities: Entity[],
  beforeScoringPage: (index: number, served: Entity[]) => Promise<void>,
): CatalogService {
  const inner = catalogServiceMock({ entities });
  const served: Entity[] = [];
  let index = 0;
  return new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== 'getEntitiesByRefs') {
        // The mock's methods read private fields: call them on the mock.
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (
        request: Parameters<CatalogService['getEntitiesByRefs']>[0],
        options: Parameters<CatalogService['getEntitiesByRefs']>[1],
      ) => {
        if (isLookup(request)) {
          return target.getEntitiesByRefs(request, options);
        }
        await beforeScoringPage(index++, served);
        const response = await target.getEntitiesByRefs(request, options);
        served.push(...response.items.filter((e): e is Entity => !!e));
        return response;
      };
    },
  });
}

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const engine = defaultEngine();
  const entities = org();
  const computation = (catalog: CatalogService) =>
    // Pages of two entities, so that several pages make a run.
    testComputation({ fullRunPageSize: 2, engine, store, catalog });
  const plain = computation(catalogServiceMock({ entities }));
  return { knex, store, engine, entities, computation, plain };
}

/** Every stored scorecard and rollup, without the time they were computed. */
async function everything(knex: Knex, store: DatabaseReadinessStore) {
  const refs = (await knex('readiness_scorecards').select('entity_ref'))
    .map(r => r.entity_ref as string)
    .sort();
  const scorecards: Record<string, unknown> = {};
  for (const ref of refs) {
    const { member, entityEtag } = (await store.getScorecard(ref))!;
    scorecards[ref] = { member, entityEtag };
  }
  return { scorecards, rollups: await storedRollups(store) };
}

/** What a full run that scores every entity from scratch stores. */
async function fromScratch(t: Awaited<ReturnType<typeof setup>>) {
  await t.knex('readiness_scorecards').delete();
  await t.plain.runFull();
  return everything(t.knex, t.store);
}

describe.each(databases.eachSupportedId())('the paged full run on %s', id => {
  it('scores page by page what one big page gives, and then nothing', async () => {
    const t = await setup(id);
    const paged = t.computation(pagedCatalog(t.entities, async () => {}));
    const first = await paged.runFull();
    const scorable = t.entities.filter(e => t.engine.appliesTo(e.kind)).length;
    expect(first).toMatchObject({ entities: scorable, rescored: scorable });
    const stored = await everything(t.knex, t.store);
    expect(Object.keys(stored.scorecards)).toHaveLength(scorable);
    const rollupRows = () =>
      t.knex('readiness_rollups').orderBy('rollup_ref').select();
    const before = await rollupRows();
    expect((await paged.runFull()).rescored).toBe(0);
    // Nothing changed: no rollup is written again either.
    expect(await rollupRows()).toEqual(before);
    expect(await fromScratch(t)).toEqual(stored);
  });

  it('writes each page in lock order, the order writes take scorecard rows in', async () => {
    const t = await setup(id);
    const batches: string[][] = [];
    const put = t.store.putScorecards;
    jest.spyOn(t.store, 'putScorecards').mockImplementation((tx, rows) => {
      batches.push(rows.map(r => r.member.entityRef));
      return put(tx, rows);
    });
    // One page, so its order is the run's alone.
    await testComputation({
      fullRunPageSize: 100,
      engine: t.engine,
      store: t.store,
      catalog: catalogServiceMock({ entities: [...t.entities].reverse() }),
    }).runFull();
    const written = batches.flat();
    expect(written.length).toBeGreaterThan(10);
    expect(written).toEqual([...written].sort());
  });

  it('keeps every rollup exact when a write lands between two pages', async () => {
    const t = await setup(id);
    await t.plain.runFull();
    // Rollups stored, scorecards not: every page is scored again.
    await t.knex('readiness_scorecards').delete();
    let written: Entity | undefined;
    const writer = t.computation(catalogServiceMock({ entities: t.entities }));
    const paged = t.computation(
      pagedCatalog(t.entities, async (_index, served) => {
        // Write once to a Component whose page is already stored.
        const target = served.find(e => e.kind === 'Component');
        if (written || !target) return;
        written = target;
        const ref = entityRefOf(target);
        await writer.recompute(target, tx =>
          t.store.putAnswer(
            tx,
            ref,
            'monitoring.metrics',
            { status: 'met' },
            'user:default/bob',
            0,
          ),
        );
      }),
    );
    await paged.runFull();
    expect(written).toBeDefined();
    const stored = await everything(t.knex, t.store);
    expect(
      await t.store.getAnswer(entityRefOf(written!), 'monitoring.metrics'),
    ).toMatchObject({ status: 'met' });
    expect(await fromScratch(t)).toEqual(stored);
  });

  it('keeps what it wrote and rolls it up when the catalog fails half-way, and says the results are stale', async () => {
    const t = await setup(id);
    const failing = t.computation(
      pagedCatalog(t.entities, async index => {
        if (index === 3) throw new Error('connect ECONNREFUSED catalog');
      }),
    );
    const state = await failing.runFull();
    expect(state).toMatchObject({
      written: 6,
      entities: 6,
      error: expect.stringContaining('ECONNREFUSED'),
      catalogUnreachableSince: expect.any(String),
    });
    // The rollups are those of the six stored scorecards.
    const members = (await everything(t.knex, t.store)).scorecards;
    expect(Object.keys(members)).toHaveLength(6);
    const expected = computeRollups(
      Object.values(members).map(m => (m as { member: RollupMember }).member),
      structureOf(t.entities),
    ).rollups;
    for (const rollup of expected) {
      expect((await t.store.getRollups([rollup.ref])).get(rollup.ref)).toEqual(
        rollup,
      );
    }

    const healthy = await t.plain.runFull();
    expect(healthy.rescored).toBe(healthy.entities! - 6);
    expect(healthy.catalogUnreachableSince).toBeUndefined();
    const stored = await everything(t.knex, t.store);
    expect(await fromScratch(t)).toEqual(stored);
  });

  it('leaves the last complete run where it was when the catalog fails half-way', async () => {
    const t = await setup(id);
    const good = await t.plain.runFull();
    expect(good.completedAt).toBe(good.finishedAt);
    // Scorecards not stored: the next run reads every page's bodies.
    await t.knex('readiness_scorecards').delete();
    const failing = t.computation(
      pagedCatalog(t.entities, async index => {
        if (index === 3) throw new Error('connect ECONNREFUSED catalog');
      }),
    );
    const lost = await failing.runFull();
    expect(lost.error).toContain('ECONNREFUSED');
    // It finished (its pages stored, the rollups rebuilt), but did not
    // read the catalog whole: the readiness probe's age keeps growing.
    expect(lost.finishedAt! > good.finishedAt!).toBe(true);
    expect(lost.completedAt).toBe(good.completedAt);
    const healthy = await t.plain.runFull();
    expect(healthy.completedAt).toBe(healthy.finishedAt);
  });

  it('keeps the state of a run that started after it when it cannot read the catalog', async () => {
    const t = await setup(id);
    await t.plain.runFull();
    // A run that outlived its timeout, while another started and finished:
    // the other's state is stored after this run read the last one.
    const later = new Date(Date.now() + 60_000).toISOString();
    const newer = {
      ...(await t.store.getState<LastRunState>(LAST_RUN_STATE))!,
      startedAt: later,
      finishedAt: later,
      completedAt: later,
    };
    let stored: Promise<void> | undefined;
    const refused = async () => {
      await (stored ??= t.store.setState(LAST_RUN_STATE, newer));
      throw new Error('connect ECONNREFUSED catalog');
    };
    const unreachable = new Proxy(catalogServiceMock({ entities: [] }), {
      get: (_, prop) =>
        prop === 'streamEntities'
          ? // eslint-disable-next-line require-yield
            async function* stream() {
              await refused();
            }
          : refused,
    });
    const outcome = await t.computation(unreachable).runFull();
    expect(await t.store.getState(LAST_RUN_STATE)).toEqual(newer);
    // This run's own outcome: it scored nothing and could not read the catalog.
    expect(outcome).toMatchObject({
      rescored: 0,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('writes each page whole or not at all when the database fails a page, and the next run completes the rest', async () => {
    const t = await setup(id);
    // The third page's writes fail; the pages around it are in flight too.
    let pagesWritten = 0;
    const failingStore = new Proxy(t.store, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== 'putScorecards') {
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (...args: Parameters<typeof target.putScorecards>) => {
          if (args[1].length && ++pagesWritten === 3) {
            throw new Error('could not write: disk full');
          }
          return target.putScorecards(...args);
        };
      },
    });
    const failing = testComputation({
      fullRunPageSize: 2,
      engine: t.engine,
      store: failingStore,
      catalog: catalogServiceMock({ entities: t.entities }),
    });
    await expect(failing.runFull()).rejects.toThrow('disk full');

    // Whole pages only: the failed page left nothing, its neighbours all.
    const stored = Object.keys((await everything(t.knex, t.store)).scorecards);
    expect(stored.length % 2).toBe(0);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    const scorable = t.entities.filter(e => t.engine.appliesTo(e.kind)).length;
    expect(stored.length).toBeLessThan(scorable);

    // No transaction was left open: the next run scores the rest.
    const healthy = await t.plain.runFull();
    expect(healthy.rescored).toBe(scorable - stored.length);
    const all = await everything(t.knex, t.store);
    expect(await fromScratch(t)).toEqual(all);
  });

  it('stops before its next page when its signal is aborted, and the next run completes the rest', async () => {
    const t = await setup(id);
    // Cancelled (or timed out) while the second page's bodies are read.
    const controller = new AbortController();
    const cancelled = t.computation(
      pagedCatalog(t.entities, async index => {
        if (index === 1) controller.abort();
      }),
    );
    await expect(
      cancelled.runFull({ signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const stored = Object.keys((await everything(t.knex, t.store)).scorecards);
    const scorable = t.entities.filter(e => t.engine.appliesTo(e.kind)).length;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(scorable);

    const healthy = await t.plain.runFull();
    expect(healthy.rescored).toBe(scorable - stored.length);
    expect(await everything(t.knex, t.store)).toEqual(await fromScratch(t));
  });

  it('removes the scorecards of entities gone from the catalog, their share of the rollups, and the rollups of groups gone', async () => {
    const t = await setup(id);
    await t.plain.runFull();
    const gone = t.entities.find(e => e.kind === 'Component')!;
    const rest = t.entities.filter(
      e => e !== gone && e.metadata.name !== 'empty-team',
    );
    expect((await t.store.getRollups(['group:default/empty-team'])).size).toBe(
      1,
    );
    const state = await t
      .computation(catalogServiceMock({ entities: rest }))
      .runFull();
    expect(state.removed).toBe(1);
    expect(await t.store.getScorecard(entityRefOf(gone))).toBeUndefined();
    expect((await t.store.getRollups(['group:default/empty-team'])).size).toBe(
      0,
    );
    const stored = await everything(t.knex, t.store);
    await t.knex('readiness_scorecards').delete();
    await t.computation(catalogServiceMock({ entities: rest })).runFull();
    expect(await everything(t.knex, t.store)).toEqual(stored);
  });
});
