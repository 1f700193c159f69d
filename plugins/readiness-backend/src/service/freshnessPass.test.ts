import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  EntityScorecard,
} from '@prodready/plugin-readiness-common';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { mostRowsWhile } from '../__testUtils__/statements';
import { keptScorecardOf } from '../database/ReadinessStore';
import { READINESS_MIGRATIONS } from '../database/migrations';
import { FreshnessPass, FreshnessPassResult } from './freshnessPass';
import { FullRunLedger } from './fullRunLedger';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const engine = defaultEngine();

/** smallOrg (cart, checkout and search in shop) plus svc-0 and svc-1 in shop, svc-0 depending on svc-1 with bob as its dba. */
function org(): Entity[] {
  const svc = (name: string, spec: object, annotations = {}): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-b',
      system: 'shop',
      ...spec,
    },
  });
  return [
    ...smallOrg(),
    svc(
      'svc-0',
      { dependsOn: ['component:default/svc-1'] },
      { 'prodready.dev/role.dba': 'user:default/bob' },
    ),
    svc('svc-1', {}),
  ];
}

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const world = editableCatalog(org());
  const logger = mockServices.logger.mock();
  const computation = testComputation({
    engine,
    store,
    catalog: world.catalog,
    logger,
  });
  const recomputeMany = jest.spyOn(computation, 'recomputeMany');
  const ledger = new FullRunLedger(store);
  const fullRun = () => ledger.track(() => computation.runFull());
  const pass = new FreshnessPass({
    engine,
    store,
    computation,
    catalog: world.catalog,
    auth: mockServices.auth(),
    logger,
  });
  /** One pass, then the full run if it asks for one: what the scheduled tasks do. */
  const passThenFullRun = async () => {
    const result = await pass.run();
    if (result.fullRunNeeded) await fullRun();
    return result;
  };
  await fullRun();
  // The first pass records the facts of every entity and asks for a full run.
  expect((await passThenFullRun()).fullRunNeeded).toBe(true);
  recomputeMany.mockClear();
  world.state.calls = {};
  return {
    knex,
    store,
    world,
    computation,
    recomputeMany,
    ledger,
    pass,
    passThenFullRun,
    fullRun,
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/**
 * Every stored scorecard and rollup, without the time they were computed
 * and without their fingerprints, input basis and record tables, which depend on how they
 * were (a full run's summary or one entity's recomputation, see
 * scorecardRow).
 */
async function everything({ knex, store }: Pick<Setup, 'knex' | 'store'>) {
  const refs = (await knex('readiness_scorecards').select('entity_ref'))
    .map(r => r.entity_ref as string)
    .sort();
  const scorecards: Record<string, unknown> = {};
  for (const ref of refs) {
    const stored = (await store.getScorecard(ref))!;
    const {
      detailJson,
      fingerprint,
      inputFingerprint,
      inputBasis,
      inputRecords,
      ...rest
    } = stored;
    scorecards[ref] = {
      ...rest,
      computedAt: 0,
      scorecard: keptScorecardOf(stored, '0'),
    };
  }
  const rollups: Record<string, unknown> = {};
  for (const kind of ['group', 'system', 'domain'] as const) {
    const { items } = await store.listRollups({ kind, limit: 1000, offset: 0 });
    for (const { computedAt, ...rollup } of items as any[]) {
      rollups[rollup.ref] = rollup;
    }
  }
  return { scorecards, rollups };
}

/** Expects what is stored to be what a full run from scratch stores; returns it. */
async function expectSameAsFromScratch(t: Setup) {
  const incremental = await everything(t);
  await t.knex('readiness_scorecards').delete();
  await t.knex('readiness_rollups').delete();
  const scratch = await t.computation.runFull();
  expect(scratch.rescored).toBe(scratch.entities);
  expect(await everything(t)).toEqual(incremental);
  return incremental;
}

/**
 * A check's status as stored: from the status kept per check id, or from
 * the full scorecard when the store keeps one.
 */
async function statusOf(t: Setup, ref: string, checkId: string) {
  const stored: any = await t.store.getScorecard(ref);
  return (
    stored?.checks?.[checkId] ??
    stored?.scorecard?.checks.find(
      (c: EntityScorecard['checks'][number]) => c.checkId === checkId,
    )?.status
  );
}

const annotate =
  (key: string, value: string) =>
  (entity: Entity): void => {
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [key]: value,
    };
  };

describe.each(databases.eachSupportedId())('the freshness pass on %s', id => {
  it('brings an annotation edited in the catalog to the scorecard and every rollup above it, as a full run from scratch does', async () => {
    const t = await setup(id);
    const before = await everything(t);
    t.world.edit(
      'Component',
      'cart',
      annotate('prodready.dev/check.support.runbooks', 'met'),
    );

    const result = await t.pass.run();

    expect(result).toMatchObject({
      changed: 1,
      recomputed: 1,
      fullRunNeeded: false,
      incomplete: false,
    });
    expect(
      await statusOf(t, 'component:default/cart', 'support.runbooks'),
    ).toBe('met');
    const after = await expectSameAsFromScratch(t);
    const above = [
      'group:default/team-a',
      'group:default/eng',
      'group:default/acme',
      'system:default/shop',
      'domain:default/commerce',
    ];
    for (const ref of above) {
      expect(after.rollups[ref]).not.toEqual(before.rollups[ref]);
    }
    expect(after.rollups['group:default/team-b']).toEqual(
      before.rollups['group:default/team-b'],
    );
  });

  it('recomputes nothing, and reads only refs and etags, when nothing changed', async () => {
    const t = await setup(id);
    const result = await t.pass.run();
    expect(result).toMatchObject({
      // Every entity but the users: a user's coming and going shows in their groups.
      entities: t.world.state.entities.filter(e => e.kind !== 'User').length,
      changed: 0,
      recomputed: 0,
      fullRunReasonCount: 0,
      fullRunNeeded: false,
    });
    expect(t.recomputeMany).not.toHaveBeenCalled();
    // The kinds, then their refs and etags in two streams.
    expect(t.world.state.calls).toEqual({
      getEntityFacets: 1,
      streamEntities: 2,
    });
  });

  it('reads the kinds in two streams at once, each entity in one of them', async () => {
    const t = await setup(id);
    const streams: string[][] = [];
    const open = new Set<number>();
    let mostOpen = 0;
    const { catalog } = t.world;
    async function* streamed(
      ...args: Parameters<CatalogService['streamEntities']>
    ) {
      const index = streams.push([]) - 1;
      open.add(index);
      mostOpen = Math.max(mostOpen, open.size);
      try {
        for await (const page of catalog.streamEntities(...args)) {
          // A little wait, as a catalog's query takes.
          await new Promise(resolve => setTimeout(resolve, 20));
          streams[index].push(...page.map(entityRefOf));
          yield page;
        }
      } finally {
        open.delete(index);
      }
    }
    const pass = new FreshnessPass({
      engine,
      store: t.store,
      computation: t.computation,
      catalog: new Proxy(catalog, {
        get: (target, prop) =>
          prop === 'streamEntities' ? streamed : Reflect.get(target, prop),
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const result = await pass.run();
    expect(result).toMatchObject({ changed: 0, fullRunNeeded: false });
    expect(streams).toHaveLength(2);
    expect(mostOpen).toBe(2);
    const names = streams.flat();
    expect(names).toHaveLength(result.entities);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads a catalog of thousands of entities in a page or two', async () => {
    const t = await setup(id);
    // APIs are read by the pass alone (no full run streams them).
    const api = (i: number): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: `api-${i}`, namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a' },
    });
    for (let i = 1; i < 4900; i++) t.world.state.sources.push(api(i));
    t.world.add(api(0)); // gives them their relations and etags
    const entities = (await t.passThenFullRun()).entities;
    expect(entities).toBeGreaterThan(4900);
    expect(entities).toBeLessThan(5000);

    // Each page is a query of the catalog's, costing it about as much for
    // 1,000 entities as for a few thousand: a page or two of the APIs, one
    // of the other kinds beside them.
    let pages = 0;
    t.world.state.afterPage = async () => {
      pages++;
      return false;
    };
    const result = await t.pass.run();
    expect(result).toMatchObject({ changed: 0, fullRunNeeded: false });
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(3);
  });

  it('asks the catalog for its kinds while the stored rows are counted', async () => {
    const t = await setup(id);
    const count = t.store.countScorecards;
    let askedMeanwhile: boolean | undefined;
    jest.spyOn(t.store, 'countScorecards').mockImplementation(async () => {
      for (let i = 0; i < 100 && !t.world.state.calls.getEntityFacets; i++) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      askedMeanwhile = !!t.world.state.calls.getEntityFacets;
      return count();
    });
    expect(await t.pass.run()).toMatchObject({ changed: 0 });
    expect(askedMeanwhile).toBe(true);
  });

  it('reads the stored etags of one catalog page at a time, never a whole table', async () => {
    const t = await setup(id);
    const pageSize = 3;
    const pass = new FreshnessPass({
      engine,
      store: t.store,
      computation: t.computation,
      catalog: t.world.catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      pageSize,
    });
    const stored = Number(
      (await t.knex('readiness_catalog_facts').count({ n: '*' }))[0].n,
    );
    expect(stored).toBeGreaterThan(pageSize);
    const { result, mostRows } = await mostRowsWhile(
      t.knex,
      /readiness_(scorecards|catalog_facts)/,
      () => pass.run(),
    );
    expect(result).toMatchObject({ changed: 0, fullRunNeeded: false });
    expect(result.entities).toBeGreaterThan(pageSize);
    expect(mostRows).toBeGreaterThan(0);
    expect(mostRows).toBeLessThanOrEqual(pageSize);
  });

  /** A pass reading pages of `pageSize`, counting the catalog's lookups of refs alone. */
  function pagedPass(t: Setup, pageSize: number, catalog = t.world.catalog) {
    const lookups = { calls: 0 };
    const counting = new Proxy(catalog, {
      get: (target, prop) =>
        prop === 'getEntitiesByRefs'
          ? (request: any, options: any) => {
              if (!request.fields?.includes('spec.owner')) lookups.calls++;
              return target.getEntitiesByRefs(request, options);
            }
          : Reflect.get(target, prop),
    });
    const pass = new FreshnessPass({
      engine,
      store: t.store,
      computation: t.computation,
      catalog: counting,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      pageSize,
    });
    return { pass, lookups };
  }

  it('looks for what left the catalog a page of recorded refs at a time, only until it has found it all', async () => {
    const t = await setup(id);
    const recorded: string[] = (
      await t.knex('readiness_catalog_facts').select('entity_ref')
    )
      .map(r => r.entity_ref)
      .sort();
    const pageSize = 2;
    const { pass, lookups } = pagedPass(t, pageSize);
    expect((await pass.run()).changed).toBe(0);
    expect(lookups.calls).toBe(0); // nothing left: nothing looked for

    t.world.remove('Component', 'cart');
    t.world.remove('Component', 'search');
    const last = Math.max(
      recorded.indexOf('component:default/cart'),
      recorded.indexOf('component:default/search'),
    );
    // Pages hold users too in the real table; here every ref is watched.
    expect(recorded.length).toBeGreaterThan(last + pageSize);
    const left = await pass.run();
    expect(left.fullRunNeeded).toBe(true);
    expect(left.fullRunReasons.join('\n')).toContain(
      '2 scored entities left the catalog',
    );
    expect(lookups.calls).toBe(Math.ceil((last + 1) / pageSize));
    const facts = await t.store.getCatalogFacts([
      'component:default/cart',
      'component:default/search',
    ]);
    expect(facts.size).toBe(0);

    await t.fullRun();
    lookups.calls = 0;
    expect(await pass.run()).toMatchObject({ fullRunNeeded: false });
    expect(lookups.calls).toBe(0);
    await expectSameAsFromScratch(t);
  });

  it('changes nothing when the stored etags of a page cannot be read', async () => {
    const t = await setup(id);
    t.world.edit(
      'Component',
      'cart',
      annotate('prodready.dev/check.monitoring.metrics', 'met'),
    );
    const { pass } = pagedPass(t, 2);
    const read = t.store.getScorecardEtags;
    let calls = 0;
    jest.spyOn(t.store, 'getScorecardEtags').mockImplementation(async refs => {
      if (++calls === 2) throw new Error('connection lost');
      return read(refs);
    });
    const result = await pass.run();
    expect(result.error).toMatch(/connection lost/);
    expect(result.recomputed).toBe(0);
    expect(t.recomputeMany).not.toHaveBeenCalled();

    jest.restoreAllMocks();
    const next = await pass.run();
    expect(next).toMatchObject({ changed: 1, recomputed: 1 });
  });

  it('forgets facts recorded under another spelling of a ref, which the catalog matches whatever the case', async () => {
    const t = await setup(id);
    const { catalog } = t.world;
    // The catalog's own lookup by ref ignores case.
    const caseless = new Proxy(catalog, {
      get: (target, prop) =>
        prop === 'getEntitiesByRefs'
          ? (request: any, options: any) =>
              target.getEntitiesByRefs(
                {
                  ...request,
                  entityRefs: request.entityRefs.map((r: string) =>
                    r.toLowerCase(),
                  ),
                },
                options,
              )
          : Reflect.get(target, prop),
    });
    const stale = 'component:default/Cart';
    await t.store.putCatalogFacts([
      { entityRef: stale, etag: 'e0', lifecycle: 'production', shape: null },
    ]);
    const { pass, lookups } = pagedPass(t, 2, caseless);
    expect(await pass.run()).toMatchObject({ changed: 1 });
    expect(lookups.calls).toBeGreaterThan(0);
    expect((await t.store.getCatalogFacts([stale])).size).toBe(0);

    lookups.calls = 0;
    expect(await pass.run()).toMatchObject({ changed: 0 });
    expect(lookups.calls).toBe(0);
  });

  it('scores a new entity, and drops the scorecard of a deleted one, with their rollups', async () => {
    const t = await setup(id);
    const teamA = async () =>
      ((await everything(t)).rollups['group:default/team-a'] as any).aggregate
        .entities;
    const initially = await teamA();
    t.world.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'basket',
        namespace: 'default',
        annotations: { 'prodready.dev/check.monitoring.metrics': 'met' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-a',
        system: 'shop',
      },
    });
    const added = await t.passThenFullRun();
    expect(added.fullRunNeeded).toBe(false);
    expect(
      await statusOf(t, 'component:default/basket', 'monitoring.metrics'),
    ).toBe('met');
    await expectSameAsFromScratch(t);
    expect(await teamA()).toBe(initially + 1);

    t.world.remove('Component', 'checkout');
    const removed = await t.passThenFullRun();
    expect(removed.fullRunNeeded).toBe(true);
    expect(await t.store.getScorecard('component:default/checkout')).toBe(
      undefined,
    );
    await expectSameAsFromScratch(t);
    expect(await teamA()).toBe(initially);
    expect((await t.pass.run()).changed).toBe(0);
  });

  it('brings a System edit to every part that inherits from it', async () => {
    const t = await setup(id);
    t.world.edit(
      'System',
      'shop',
      annotate('prodready.dev/check.monitoring.alerting', 'met'),
    );
    const result = await t.pass.run();
    const parts = ['cart', 'checkout', 'search', 'svc-0', 'svc-1'];
    expect(result).toMatchObject({
      changed: 1,
      recomputed: 1 + parts.length,
      fullRunNeeded: false,
    });
    for (const part of parts) {
      expect(
        await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
      ).toBe('met');
    }
    await expectSameAsFromScratch(t);
  });

  it("brings a System edit to its parts when a write of the System's own results scored it first", async () => {
    const t = await setup(id);
    t.world.edit(
      'System',
      'shop',
      annotate('prodready.dev/check.monitoring.alerting', 'met'),
    );
    // A pipeline's result for the System, between the edit and the pass:
    // the System is scored alone with its new body (its parts do not
    // inherit results), so its scorecard holds the new etag.
    const shop = t.world.state.entities.find(e => e.metadata.name === 'shop')!;
    await t.computation.recompute(shop, undefined, { writes: 'results' });
    expect(
      await statusOf(t, 'component:default/cart', 'monitoring.alerting'),
    ).not.toBe('met');
    await t.pass.run();
    for (const part of ['cart', 'checkout', 'search', 'svc-0', 'svc-1']) {
      expect(
        await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
      ).toBe('met');
    }
    await expectSameAsFromScratch(t);
  });

  it('scores again the dependants of an entity whose lifecycle changed', async () => {
    const t = await setup(id);
    t.world.edit('Component', 'svc-1', e => {
      e.spec!.lifecycle = 'deprecated';
    });
    const result = await t.pass.run();
    expect(result).toMatchObject({ recomputed: 2, fullRunNeeded: false });
    expect(
      await statusOf(t, 'component:default/svc-0', 'support.deprecation-watch'),
    ).toBe('partially-met');
    await expectSameAsFromScratch(t);
  });

  it('scores again the dependants of an entity of a kind it does not score whose lifecycle changed', async () => {
    const t = await setup(id);
    t.world.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'pay-api', namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'team-b' },
    });
    t.world.edit('Component', 'svc-0', e => {
      e.spec!.dependsOn = ['api:default/pay-api'];
    });
    await t.passThenFullRun();
    expect(
      await statusOf(t, 'component:default/svc-0', 'support.deprecation-watch'),
    ).not.toBe('partially-met');

    t.world.edit('API', 'pay-api', e => {
      e.spec!.lifecycle = 'deprecated';
    });
    const result = await t.pass.run();
    expect(result).toMatchObject({ recomputed: 1, fullRunNeeded: false });
    expect(
      await statusOf(t, 'component:default/svc-0', 'support.deprecation-watch'),
    ).toBe('partially-met');
    await expectSameAsFromScratch(t);
  });

  it('asks for the full run when a group moves or a role holder leaves', async () => {
    const t = await setup(id);
    t.world.edit('Group', 'team-b', e => {
      e.spec!.parent = 'acme';
    });
    t.world.edit('Group', 'eng', e => {
      e.spec!.children = ['team-a'];
    });
    t.world.edit('Group', 'acme', e => {
      e.spec!.children = ['eng', 'team-b'];
    });
    const moved = await t.passThenFullRun();
    expect(moved.fullRunNeeded).toBe(true);
    expect(moved.fullRunReasons.join('\n')).toContain('group:default/team-b');
    const after = await expectSameAsFromScratch(t);
    expect(after.rollups['group:default/team-b']).toMatchObject({
      parent: 'group:default/acme',
    });

    // alice, the dba of cart, moves to team-b: both teams' members change.
    t.world.edit('User', 'alice', e => {
      e.spec!.memberOf = ['team-b'];
    });
    const moves = await t.passThenFullRun();
    expect(moves.fullRunReasons.join('\n')).toContain('group:default/team-a');
    await expectSameAsFromScratch(t);

    // bob, the dba of svc-0, leaves: his group's members change.
    t.world.remove('User', 'bob');
    const left = await t.passThenFullRun();
    expect(left.fullRunReasons.join('\n')).toContain('group:default/team-b');
    const svc0 = await t.store.getScorecard('component:default/svc-0');
    expect(svc0!.member.roleGaps).toMatchObject({ dba: 'holder-gone' });
    await expectSameAsFromScratch(t);
    expect((await t.pass.run()).fullRunNeeded).toBe(false);
  });

  it('leaves a role holder in no group to the next full run, and forgets the facts it recorded of users', async () => {
    const t = await setup(id);
    t.world.edit('User', 'bob', e => {
      e.spec!.memberOf = [];
    });
    expect((await t.passThenFullRun()).fullRunNeeded).toBe(true);
    // A user recorded by an earlier version, which streamed every kind.
    await t.store.putCatalogFacts([
      {
        entityRef: 'user:default/bob',
        etag: 'e1',
        lifecycle: null,
        shape: 's1',
      },
    ]);

    t.world.remove('User', 'bob');
    const pass = await t.pass.run();
    expect(pass).toMatchObject({ changed: 0, fullRunNeeded: false });
    expect(
      (await t.store.getCatalogFacts(['user:default/bob'])).has(
        'user:default/bob',
      ),
    ).toBe(false);
    const before = await t.store.getScorecard('component:default/svc-0');
    expect(before!.member.roleGaps?.dba).toBeUndefined();
    // The scheduled full run looks the holders up by ref.
    await t.fullRun();
    const after = await t.store.getScorecard('component:default/svc-0');
    expect(after!.member.roleGaps).toMatchObject({ dba: 'holder-gone' });
    await expectSameAsFromScratch(t);
  });

  it('changes nothing while the catalog is unreachable, and catches up afterwards', async () => {
    const t = await setup(id);
    t.world.edit(
      'Component',
      'cart',
      annotate('prodready.dev/check.support.runbooks', 'met'),
    );
    const tables = async () => ({
      ...(await everything(t)),
      facts: await t.knex('readiness_catalog_facts').orderBy('entity_ref'),
      ledger: await t.ledger.status(),
    });
    const before = await tables();

    t.world.state.down = true;
    const down = await t.pass.run();
    expect(down.error).toMatch(/ECONNREFUSED/);
    expect(down).toMatchObject({ recomputed: 0, fullRunNeeded: false });
    expect(await tables()).toEqual(before);

    // Down after the refs were read: nothing half done, the next pass goes on.
    t.world.state.down = false;
    t.world.state.failing = ['getEntitiesByRefs'];
    const halfway = await t.pass.run();
    expect(halfway).toMatchObject({ incomplete: true, recomputed: 0 });
    expect(await everything(t)).toEqual({
      scorecards: before.scorecards,
      rollups: before.rollups,
    });

    t.world.state.failing = [];
    expect(await t.pass.run()).toMatchObject({ recomputed: 1 });
    await expectSameAsFromScratch(t);
  });

  it('stops between batches once its time is up, and the next pass goes on', async () => {
    const t = await setup(id);
    t.world.edit(
      'Component',
      'cart',
      annotate('prodready.dev/check.support.runbooks', 'met'),
    );
    const timeUp = new AbortController();
    timeUp.abort();
    expect(await t.pass.run({ signal: timeUp.signal })).toMatchObject({
      changed: 1,
      recomputed: 0,
      incomplete: true,
    });
    expect(await t.pass.run()).toMatchObject({
      recomputed: 1,
      incomplete: false,
    });
    await expectSameAsFromScratch(t);
  });

  /**
   * Edits an entity and runs a pass once the full run has handled a page of
   * the stream that `kind` and `field` pick; the pass's result.
   */
  function passDuringRun(
    t: Setup,
    stream: { kind: string; field: string },
    edit: () => void,
  ) {
    const during: { result?: FreshnessPassResult } = {};
    t.world.state.afterPage = async request => {
      const { filter, fields } = request as {
        filter?: { kind?: string[] };
        fields?: string[];
      };
      if (!filter?.kind?.includes(stream.kind)) return false;
      if (!fields?.includes(stream.field)) return false;
      t.world.state.afterPage = undefined;
      edit();
      during.result = await t.pass.run();
      return true;
    };
    return during;
  }

  it('stays exact when it lands in the middle of a full run', async () => {
    const t = await setup(id);
    // Once the full run has read every scorable entity's ref, etag and
    // lifecycle (cart as it was; the pass's own read asks no lifecycle, the
    // rollup tree's is of other kinds), cart is edited and a pass runs,
    // before the run scores what changed and rolls up.
    const during = passDuringRun(
      t,
      { kind: 'component', field: 'spec.lifecycle' },
      () =>
        t.world.edit(
          'Component',
          'cart',
          annotate('prodready.dev/check.support.runbooks', 'met'),
        ),
    );
    await t.fullRun();
    expect(during.result).toMatchObject({
      recomputed: 1,
      fullRunReasonCount: 0,
    });
    expect(
      await statusOf(t, 'component:default/cart', 'support.runbooks'),
    ).toBe('met');
    await expectSameAsFromScratch(t);
  });

  it("keeps what it scored of a System's parts when a full run that read the System before the edit writes after it", async () => {
    const t = await setup(id);
    // Once the full run has read the Systems it hands down from (shop as it
    // was), shop is edited and a pass brings the edit to its parts, before
    // the run scores and writes the parts.
    const during = passDuringRun(
      t,
      { kind: 'system', field: 'metadata.annotations' },
      () =>
        t.world.edit(
          'System',
          'shop',
          annotate('prodready.dev/check.monitoring.alerting', 'met'),
        ),
    );
    await t.fullRun();
    expect(during.result).toMatchObject({
      recomputed: 6,
      fullRunReasonCount: 0,
    });
    for (const part of ['cart', 'checkout', 'search', 'svc-0', 'svc-1']) {
      expect(
        await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
      ).toBe('met');
    }
    await expectSameAsFromScratch(t);
  });

  it('asks for the full run until one that started after the request succeeds', async () => {
    const t = await setup(id);
    t.world.edit('Group', 'team-b', e => {
      e.metadata.title = 'Team B';
    });
    const asked = await t.pass.run();
    expect(asked.fullRunReasons).toEqual([
      'group:default/team-b changed its place or members in the organisation',
    ]);
    expect(FullRunLedger.pending(await t.ledger.status())).toBe(true);

    // A full run that fails (catalog down) does not count.
    t.world.state.down = true;
    await t.fullRun();
    t.world.state.down = false;
    expect(FullRunLedger.pending(await t.ledger.status())).toBe(true);

    // The next pass finds nothing new, and still asks.
    const next = await t.passThenFullRun();
    expect(next).toMatchObject({ fullRunReasonCount: 0, fullRunNeeded: true });
    expect(FullRunLedger.pending(await t.ledger.status())).toBe(false);
    expect((await t.pass.run()).fullRunNeeded).toBe(false);
    const after = await expectSameAsFromScratch(t);
    expect(after.rollups['group:default/team-b']).toMatchObject({
      title: 'Team B',
    });
  });
});

describe.each(databases.eachSupportedId())(
  'the catalog facts migration on %s',
  id => {
    it('adds the table and drops it again', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      const has = () => knex.schema.hasTable('readiness_catalog_facts');
      expect(await has()).toBe(true);
      await knex.migrate.down({
        ...READINESS_MIGRATIONS,
        name: '20261203100000_catalog_facts.js',
      });
      expect(await has()).toBe(false);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(await has()).toBe(true);
    });
  },
);
