import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readinessKinds,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { isLookup } from '../__testUtils__/catalogRequests';
import { knexOf } from '../database/storeDatabase';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const DAY_MS = 86400000;

/** smallOrg plus a component whose restore test was annotated as met on 1 November 2026. */
function org(): Entity[] {
  return [
    ...smallOrg(),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'vault',
        namespace: 'default',
        annotations: {
          'prodready.dev/check.recoverability.restore-test':
            'met; date=2026-11-01',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    },
  ];
}

/**
 * What the full run asks of the catalog: the fields of each stream, the refs
 * of each body read, the refs read by ref only to be looked up (users).
 */
function recording(catalog: CatalogService) {
  const calls = {
    streams: [] as { kinds: string[]; fields: string[] }[],
    bodies: [] as string[],
    /** The `fields` of each request for bodies. */
    bodyFields: [] as (string[] | undefined)[],
    lookups: [] as string[],
    /** The requests for facets. */
    facets: [] as unknown[],
    /** Body reads and streams' starts and ends in order, beside what a test adds. */
    events: [] as string[],
  };
  const recorded = new Proxy(catalog, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'streamEntities') {
        return async function* stream(request: any, options: any) {
          const kinds = [request?.filter?.kind ?? []].flat();
          calls.streams.push({ kinds, fields: request?.fields ?? [] });
          const name = kinds.length ? kinds.join(',') : 'all kinds';
          calls.events.push(`stream ${name}`);
          yield* value.call(target, request, options);
          calls.events.push(`end ${name}`);
        };
      }
      if (prop === 'getEntityFacets') {
        return (request: unknown, options: unknown) => {
          calls.facets.push(request);
          return value.call(target, request, options);
        };
      }
      if (prop === 'getEntitiesByRefs') {
        return (request: any, options: any) => {
          if (isLookup(request)) {
            calls.lookups.push(...request.entityRefs);
            return value.call(target, request, options);
          }
          calls.bodies.push(...request.entityRefs);
          calls.bodyFields.push(request.fields);
          calls.events.push(`read ${request.entityRefs.join(',')}`);
          return value.call(target, request, options);
        };
      }
      return value;
    },
  });
  const reset = () => {
    calls.streams.length = 0;
    calls.bodies.length = 0;
    calls.bodyFields.length = 0;
    calls.lookups.length = 0;
    calls.facets.length = 0;
    calls.events.length = 0;
  };
  return { calls, catalog: recorded, reset };
}

async function setup(id: TestDatabaseId, options: { pageSize?: number } = {}) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const edit = editableCatalog(org());
  const spy = recording(edit.catalog);
  const clock = { now: new Date('2026-12-01T12:00:00Z') };
  const computation = testComputation({
    store,
    catalog: spy.catalog,
    now: () => clock.now,
    fullRunPageSize: options.pageSize,
  });
  return { knex, store, edit, spy, clock, computation };
}

/** Streams that read the bodies (whole, or their annotations) of a scorable kind. */
const bodyStreams = (calls: ReturnType<typeof recording>['calls']) =>
  calls.streams.filter(
    s =>
      s.kinds.includes('component') &&
      (!s.fields.length || s.fields.includes('metadata.annotations')),
  );

async function storedRows(knex: Knex) {
  return knex('readiness_scorecards')
    .orderBy('entity_ref')
    .select('entity_ref', 'fingerprint', 'input_fingerprint', 'input_basis');
}

describe.each(databases.eachSupportedId())(
  'what the full run reads of entities and keeps of rollups, on %s',
  id => {
    it('summarises the entities it scores, building no scorecard', async () => {
      const t = await setup(id);
      const score = jest.spyOn(ReadinessEngine.prototype, 'score');
      const summarize = jest.spyOn(ReadinessEngine.prototype, 'summarize');
      try {
        const run = await t.computation.runFull();
        expect(run.rescored).toBe(run.entities);
        expect(summarize).toHaveBeenCalledTimes(run.entities!);
        expect(score).not.toHaveBeenCalled();
      } finally {
        score.mockRestore();
        summarize.mockRestore();
      }
    });

    it('reads every body once, then none while nothing changed, then only the edited entity', async () => {
      const t = await setup(id);
      const first = await t.computation.runFull();
      expect(first.bodiesRead).toBe(first.entities);
      expect(new Set(t.spy.calls.bodies).size).toBe(first.entities);
      // Whole, as the catalog stores them: asked for fields, it would parse,
      // project and serialise every entity again.
      expect(t.spy.calls.bodyFields.length).toBeGreaterThan(0);
      expect(t.spy.calls.bodyFields.filter(f => f !== undefined)).toEqual([]);

      t.spy.reset();
      const second = await t.computation.runFull();
      expect(second).toMatchObject({ rescored: 0, bodiesRead: 0 });
      expect(t.spy.calls.bodies).toEqual([]);
      expect(bodyStreams(t.spy.calls)).toEqual([]);

      t.spy.reset();
      t.edit.edit('Component', 'search', meetRunbooks);
      const third = await t.computation.runFull();
      expect(t.spy.calls.bodies).toEqual(['component:default/search']);
      expect(third).toMatchObject({ rescored: 1, bodiesRead: 1 });
      const search = await t.store.getScorecard('component:default/search');
      expect(search!.checks['support.runbooks']).toBe('met');
    });

    it('reads the next page of bodies while the page before it is written', async () => {
      const t = await setup(id, { pageSize: 2 });
      const events = t.spy.calls.events;
      const put = t.store.putScorecards;
      jest
        .spyOn(t.store, 'putScorecards')
        .mockImplementation(async (tx, rows) => {
          const refs = rows.map(r => r.member.entityRef).join(',');
          events.push(`write ${refs}`);
          await put(tx, rows);
          events.push(`written ${refs}`);
        });
      const run = await t.computation.runFull();
      expect(run.rescored).toBe(run.entities);
      const reads = events.filter(e => e.startsWith('read '));
      const writes = events.filter(e => e.startsWith('written '));
      expect(reads.length).toBeGreaterThan(2);
      // Page n + 1 is asked for before page n's scorecards are stored.
      for (let page = 0; page + 1 < reads.length; page++) {
        expect(events.indexOf(reads[page + 1])).toBeLessThan(
          events.indexOf(writes[page]),
        );
      }
    });

    it('checks which entities did not change for several pages at once: one statement per table, not one per page', async () => {
      const t = await setup(id, { pageSize: 1 });
      const first = await t.computation.runFull();
      // Pages of one entity: several pages.
      expect(first.entities).toBeGreaterThan(2);
      await t.computation.runFull();

      const sql: string[] = [];
      const onQuery = (q: { sql: string }) => sql.push(q.sql);
      t.knex.on('query', onQuery);
      await t.computation.runFull();
      t.knex.removeListener('query', onQuery);
      const from = (table: string) =>
        sql.filter(s => new RegExp(`from [\`"]?${table}[\`"]?`, 'i').test(s));
      expect(
        from('readiness_scorecards').filter(s => /input_basis/.test(s)),
      ).toHaveLength(1);
      // The Systems' answers (pass 1), then the entities'.
      expect(from('readiness_answers')).toHaveLength(2);
    });

    it('reads stored scorecards and records by ranges of refs while nothing changed, not by naming each entity', async () => {
      const t = await setup(id, { pageSize: 2 });
      await t.computation.runFull();
      await t.computation.runFull();

      const named: string[][] = [];
      const onQuery = (q: { bindings?: unknown[] }) =>
        named.push(
          (q.bindings ?? []).filter(
            (b): b is string =>
              typeof b === 'string' && b.startsWith('component:'),
          ),
        );
      t.knex.on('query', onQuery);
      const run = await t.computation.runFull();
      t.knex.removeListener('query', onQuery);
      expect(run).toMatchObject({ rescored: 0, bodiesRead: 0 });
      const components = org().filter(e => e.kind === 'Component');
      expect(components.length).toBeGreaterThan(2);
      // A statement names at most the two ends of a range (Systems' records,
      // read by name in pass 1, are not components).
      expect(Math.max(...named.map(refs => refs.length))).toBeLessThanOrEqual(
        2,
      );
    });

    it("reads the rollup tree and every scorable entity's etag at once", async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const streams = t.spy.calls.events.filter(e => !e.startsWith('read '));
      const scorable = streams.find(e => e.startsWith('stream component'));
      expect(scorable).toBeDefined();
      expect(streams.indexOf(scorable!)).toBeLessThan(
        streams.indexOf('end system,domain'),
      );
    });

    it('reads the groups with their relations, not their annotations, and the Systems and Domains with what scoring reads, not their relations', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const fieldsOf = (kinds: string) =>
        t.spy.calls.streams.find(s => s.kinds.join(',') === kinds)?.fields;
      // Group members, parents and children come from the relations.
      expect(fieldsOf('group')).toContain('relations');
      expect(fieldsOf('group')).not.toContain('metadata.annotations');
      // A System's relations name each of its parts; it is scored from its body.
      expect(fieldsOf('system,domain')).toContain('metadata.annotations');
      expect(fieldsOf('system,domain')).not.toContain('relations');
    });

    it('reads the scorable kinds in two streams at once, each kind in one of them', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const structure = ['group', 'system,domain'];
      const scorable = t.spy.calls.streams
        .map(s => s.kinds.join(','))
        .filter(kinds => !structure.includes(kinds));
      expect(scorable).toHaveLength(2);
      const kinds = scorable.flatMap(k => k.split(','));
      expect([...kinds].sort()).toEqual([...readinessKinds()].sort());
      const { events } = t.spy.calls;
      const [first, second] = scorable;
      expect(events.indexOf(`stream ${second}`)).toBeLessThan(
        events.indexOf(`end ${first}`),
      );
    });

    it('counts the kinds it streams over the whole catalog, without a filter', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      // With a filter, the catalog joins its search table with every entity
      // the filter keeps before counting (465 ms at 20,000 entities on
      // PostgreSQL); without one it counts the kind rows alone.
      expect(t.spy.calls.facets).toEqual([{ facets: ['kind'] }]);
    });

    it('scores an entity again when its annotated answer expires, though its etag did not change', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const before = await t.store.getScorecard('component:default/vault');
      expect(before!.checks['recoverability.restore-test']).toBe('met');

      // Restore tests are due every 90 days: still met on 29 January 2027.
      t.clock.now = new Date('2027-01-29T12:00:00Z');
      t.spy.reset();
      expect(await t.computation.runFull()).toMatchObject({ rescored: 0 });
      expect(t.spy.calls.bodies).toEqual([]);

      t.clock.now = new Date(Date.parse('2026-11-01') + 91 * DAY_MS);
      t.spy.reset();
      const after = await t.computation.runFull();
      expect(t.spy.calls.bodies).toEqual(['component:default/vault']);
      expect(after.rescored).toBe(1);
      const expired = await t.store.getScorecard('component:default/vault');
      expect(expired!.checks['recoverability.restore-test']).toBe('expired');
    });

    it('fills in the basis of scorecards stored before it was kept, without scoring them again', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const scored = await storedRows(t.knex);
      // As the migration leaves existing rows.
      await t.knex('readiness_scorecards').update({ input_basis: null });

      t.spy.reset();
      const updates: string[] = [];
      const onQuery = (q: { sql: string }) => {
        if (/^update [`"]?readiness_scorecards\b/i.test(q.sql))
          updates.push(q.sql);
      };
      t.knex.on('query', onQuery);
      const upgraded = await t.computation.runFull();
      t.knex.removeListener('query', onQuery);
      // One statement for the whole page, not one per row.
      expect(upgraded.entities).toBeGreaterThan(1);
      expect(updates).toHaveLength(1);
      expect(upgraded).toMatchObject({ rescored: 0, written: 0 });
      expect(upgraded.bodiesRead).toBe(upgraded.entities);
      expect(await storedRows(t.knex)).toEqual(scored);

      t.spy.reset();
      expect(await t.computation.runFull()).toMatchObject({ bodiesRead: 0 });
      expect(t.spy.calls.bodies).toEqual([]);
    });

    it('fills in a basis only on the row it was taken for, not on one a write replaced meanwhile', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      await t.knex('readiness_scorecards').update({ input_basis: null });
      const replaced = 'component:default/vault';
      // A write lands between the run's check and its fill: the row it
      // stores has no input fingerprint (only full runs keep one).
      const fill = t.store.putInputBases;
      jest
        .spyOn(t.store, 'putInputBases')
        .mockImplementation(async (tx, bases) => {
          expect(bases.has(replaced)).toBe(true);
          await knexOf(tx)('readiness_scorecards')
            .where('entity_ref', replaced)
            .update({ input_fingerprint: null });
          return fill(tx, bases);
        });

      const upgraded = await t.computation.runFull();
      expect(upgraded).toMatchObject({ rescored: 0, written: 0 });
      const rows = await storedRows(t.knex);
      expect(rows.length).toBeGreaterThan(1);
      const filled = rows
        .filter(row => row.input_basis !== null)
        .map(row => row.entity_ref);
      expect(filled).toEqual(
        rows.map(row => row.entity_ref).filter(ref => ref !== replaced),
      );
    });

    it('rebuilds the rollups after a run that stopped before them, though nothing changed since', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      const rollupRows = async () =>
        (await t.knex('readiness_rollups').orderBy('rollup_ref').select()).map(
          ({ computed_at, ...row }) => row,
        );
      const before = await rollupRows();
      // A run writes the new scorecard, and its process ends before the
      // rollups (a deploy, say).
      t.edit.edit('Component', 'search', meetRunbooks);
      jest
        .spyOn(t.store, 'putRollups')
        .mockRejectedValueOnce(new Error('the process ended'));
      await expect(t.computation.runFull()).rejects.toThrow(
        'the process ended',
      );
      expect(await rollupRows()).toEqual(before);

      const next = await t.computation.runFull();
      expect(next).toMatchObject({ written: 0, rollupsKept: false });
      const rebuilt = await rollupRows();
      expect(rebuilt).not.toEqual(before);
      await t.knex('readiness_scorecards').delete();
      await t.knex('readiness_rollups').delete();
      await t.computation.runFull();
      expect(await rollupRows()).toEqual(rebuilt);
      // Finished cleanly: the run after it keeps them again.
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: true,
      });
    });

    it('keeps the stored rollups while nothing changed, and rebuilds them when the tree, the entities or the day change', async () => {
      const t = await setup(id);
      const rollupRows = () =>
        t.knex('readiness_rollups').orderBy('rollup_ref').select();
      /** Rollups as a run from scratch stores them. */
      const fromScratch = async () => {
        const kept = await rollupRows();
        await t.knex('readiness_scorecards').delete();
        await t.knex('readiness_rollups').delete();
        await t.computation.runFull();
        const strip = (rows: any[]) =>
          rows.map(({ computed_at, ...row }) => row);
        expect(strip(await rollupRows())).toEqual(strip(kept));
      };
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: false,
      });
      const built = await rollupRows();
      const second = await t.computation.runFull();
      expect(second).toMatchObject({ rollupsKept: true, written: 0 });
      expect(await rollupRows()).toEqual(built);

      // A team moves under another parent: no scorecard changes, the tree does.
      t.edit.edit('Group', 'team-b', group => {
        group.spec!.parent = 'team-a';
      });
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: false,
      });
      await fromScratch();
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: true,
      });

      // A component leaves the catalog: its scorecard and share go.
      t.edit.remove('Component', 'vault');
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: false,
        removed: 1,
      });
      await fromScratch();

      // The day's first run rebuilds them whatever happened.
      t.clock.now = new Date(t.clock.now.getTime() + DAY_MS);
      expect(await t.computation.runFull()).toMatchObject({
        rollupsKept: false,
        written: 0,
      });
    });
  },
);
