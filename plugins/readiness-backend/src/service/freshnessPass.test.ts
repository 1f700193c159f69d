import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { mostRowsWhile } from '../__testUtils__/statements';
import { FreshnessPass } from './freshnessPass';
import { defaultEngine } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  annotate,
  everything,
  expectSameAsFromScratch,
  freshnessWorld,
  FreshnessWorld,
  statusOf,
} from '../__testUtils__/freshnessWorld';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const engine = defaultEngine();

const setup = async (id: TestDatabaseId) =>
  freshnessWorld(await databases.init(id));
type Setup = FreshnessWorld;

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
  it('scores no System with its parts when it finds no facts recorded, and asks for the full run', async () => {
    const t = await setup(id);
    // A restored database, or the first pass after an upgrade: the
    // scorecards are current, the facts are missing.
    await t.knex('readiness_catalog_facts').delete();
    const result = await t.pass.run();
    expect(result.fullRunNeeded).toBe(true);
    // (A dependant of an entity whose lifecycle it had not recorded is
    // scored, as before.)
    const scored = t.recomputeMany.mock.calls.flatMap(([entities]) =>
      entities.map(e => e.kind),
    );
    expect(scored).not.toContain('System');
  });

  it('leaves a System edit among more changes than it scores to the full run it asks for', async () => {
    const t = await setup(id);
    const pass = new FreshnessPass({
      engine: defaultEngine(),
      store: t.store,
      computation: t.computation,
      catalog: t.world.catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      maxScored: 1,
    });
    t.world.edit(
      'System',
      'shop',
      annotate('prodready.dev/check.monitoring.alerting', 'met'),
    );
    t.world.edit(
      'Component',
      'search',
      annotate('prodready.dev/check.support.runbooks', 'met'),
    );
    const result = await pass.run();
    expect(result).toMatchObject({ recomputed: 0, fullRunNeeded: true });
    expect(t.recomputeMany).not.toHaveBeenCalled();
  });
});
