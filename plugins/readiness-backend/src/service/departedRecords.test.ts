import { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { retentionOf } from '../database/snapshotRetention';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import {
  checkDepartedEntities,
  DEPARTED_CHECK_STATE,
  DepartedRecordsDeps,
} from './departedRecords';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ALICE = 'user:default/alice';
const CHECK = 'recoverability.restore-test';

/** One record of every kind an owner or pipeline can leave for `ref`. */
async function recordEverything(store: DatabaseReadinessStore, ref: string) {
  await store.transaction(async tx => {
    await store.putAnswer(
      tx,
      ref,
      'monitoring.metrics',
      { status: 'met' },
      ALICE,
      0,
    );
    await store.putRole(tx, ref, 'dba', [ALICE], ALICE, 0);
    await store.putResults(
      tx,
      [{ entityRef: ref, checkId: CHECK, status: 'met' }],
      'ci',
    );
    await store.putCostTable(
      tx,
      ref,
      {
        currency: 'EUR',
        date: '2026-11-01',
        tiers: [{ users: 0, monthlyCost: 10 }],
      },
      ALICE,
      0,
    );
    await store.requestExemption(
      tx,
      ref,
      {
        checkId: CHECK,
        reasonCode: 'planned-remediation',
        reasonText: 'Drill booked',
        endsOn: '2027-02-01',
      },
      ALICE,
    );
  });
}

async function recordsOf(store: DatabaseReadinessStore, ref: string) {
  return {
    answers: (await store.getAnswers([ref])).get(ref)?.length ?? 0,
    roles: (await store.getRoles([ref])).get(ref)?.length ?? 0,
    results: (await store.getResults([ref])).get(ref)?.length ?? 0,
    costTables: (await store.getCostTables([ref])).has(ref) ? 1 : 0,
    exemptions: (await store.listExemptions(ref)).length,
  };
}
const ALL = { answers: 1, roles: 1, results: 1, costTables: 1, exemptions: 1 };
const DAY = 86_400_000;
const at = (day: number, hours = 10) =>
  new Date(Date.parse('2026-12-01T00:00:00Z') + day * DAY + hours * 3_600_000);

/** An auditor that writes down each event with its outcome. */
function auditorLog() {
  const events: { eventId: string; meta?: object; outcome?: string }[] = [];
  const auditor = {
    createEvent: async (options: { eventId: string; meta?: object }) => {
      const event = {
        eventId: options.eventId,
        meta: options.meta,
      } as (typeof events)[number];
      events.push(event);
      return {
        success: async (r?: { meta?: object }) => {
          Object.assign(event, {
            outcome: 'success',
            meta: { ...event.meta, ...r?.meta },
          });
        },
        fail: async () => {
          event.outcome = 'failure';
        },
      };
    },
  } as unknown as AuditorService;
  return { auditor, events };
}
const NONE = { answers: 0, roles: 0, results: 0, costTables: 0, exemptions: 0 };

describe.each(databases.eachSupportedId())(
  'records of entities gone from the catalog, on %s',
  id => {
    it('are deleted departedDays after a daily check first found them gone, not before, and only while still gone', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      let now = at(0);
      const audit = auditorLog();
      const computation = testComputation({
        store,
        catalog: edit.catalog,
        now: () => now,
        retention: { ...retentionOf(400), departedDays: 30 },
        auditor: audit.auditor,
      });
      await computation.runFull();
      const SEARCH = 'component:default/search';
      const CART = 'component:default/cart';
      const CHECKOUT = 'component:default/checkout';
      for (const ref of [SEARCH, CART, CHECKOUT]) {
        await recordEverything(store, ref);
      }
      const search = structuredClone(
        edit.state.sources.find(e => e.metadata.name === 'search')!,
      );

      // Day 1: search and cart leave the catalog.
      edit.remove('Component', 'search');
      edit.remove('Component', 'cart');
      now = at(1);
      await computation.runFull();
      // Day 20: search is back (and scored again).
      edit.add(search);
      now = at(20);
      await computation.runFull();
      // Day 31, an hour before 30 days since day 1's check.
      now = at(31, 9);
      await computation.runFull();
      expect(await recordsOf(store, CART)).toEqual(ALL);

      // Day 32: cart has been gone 30 days; search and checkout stay.
      now = at(32);
      await computation.runFull();
      expect(await recordsOf(store, CART)).toEqual(NONE);
      expect(await recordsOf(store, SEARCH)).toEqual(ALL);
      expect(await recordsOf(store, CHECKOUT)).toEqual(ALL);
      // The history keeps what was recorded, and each record's deletion.
      const deletions = (await store.getHistory(CART, 20)).filter(
        h => h.action === 'delete',
      );
      expect(deletions.map(h => `${h.subject} ${h.actor}`).sort()).toEqual([
        'answer readiness retention',
        'cost-table readiness retention',
        'exemption readiness retention',
        'result readiness retention',
        'role readiness retention',
      ]);
      expect(audit.events).toEqual([
        {
          eventId: 'departed-records-purge',
          outcome: 'success',
          meta: expect.objectContaining({ purged: [CART], back: [] }),
        },
      ]);
    });

    it('keeps the records of an entity the catalog still has but no longer scores, and keeps everything without departedDays', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      let now = new Date('2026-12-01T10:00:00Z');
      const computation = (departedDays?: number) =>
        testComputation({
          store,
          catalog: edit.catalog,
          now: () => now,
          retention: { ...retentionOf(400), departedDays },
        });
      await computation().runFull();
      // Records left from when the configuration scored groups: the catalog
      // has the group, which has no scorecard.
      const TEAM = 'group:default/team-a';
      const SEARCH = 'component:default/search';
      await recordEverything(store, TEAM);
      await recordEverything(store, SEARCH);
      edit.remove('Component', 'search');
      now = new Date('2027-03-01T10:00:00Z');
      await computation().runFull();
      expect(await recordsOf(store, SEARCH)).toEqual(ALL);

      await computation(1).runFull();
      now = new Date('2027-03-02T10:00:00Z');
      await computation(1).runFull();
      expect(await recordsOf(store, TEAM)).toEqual(ALL);
      expect(await recordsOf(store, SEARCH)).toEqual(NONE);
    });

    it('counts an entity that came back and left again from its second departure', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      let now = at(0);
      const computation = testComputation({
        store,
        catalog: edit.catalog,
        now: () => now,
        retention: { ...retentionOf(400), departedDays: 30 },
      });
      await computation.runFull();
      const SEARCH = 'component:default/search';
      await recordEverything(store, SEARCH);
      const search = structuredClone(
        edit.state.sources.find(e => e.metadata.name === 'search')!,
      );
      // A provider drops its entities on day 1 and brings them back on day 2.
      edit.remove('Component', 'search');
      now = at(1);
      await computation.runFull();
      edit.add(search);
      now = at(2);
      await computation.runFull();
      // It drops them again for an hour, 30 days after the first time.
      edit.remove('Component', 'search');
      now = at(31, 11);
      await computation.runFull();
      expect(await recordsOf(store, SEARCH)).toEqual(ALL);
      edit.add(search);
      now = at(31, 12);
      await computation.runFull();
      now = at(70);
      await computation.runFull();
      expect(await recordsOf(store, SEARCH)).toEqual(ALL);
    });

    it('goes on the next day from where a scan ran out of its budget, so no departed entity waits for ever', async () => {
      const store = await storeOn(await databases.init(id));
      const { catalog } = editableCatalog(smallOrg());
      await testComputation({ store, catalog }).runFull();
      // Five groups the catalog has (not scored) with records, and a
      // System it lacks, whose ref sorts after them.
      for (const team of ['acme', 'eng', 'team-a', 'team-b', 'empty-team']) {
        await recordEverything(store, `group:default/${team}`);
      }
      const OLD = 'system:default/old-shop';
      await recordEverything(store, OLD);
      const deps: DepartedRecordsDeps = {
        store,
        catalog,
        logger: mockServices.logger.mock(),
        credentials: async () => mockServices.auth().getOwnServiceCredentials(),
        limits: { scanBatch: 2, catalogBatch: 2, maxAskedPerDay: 2 },
      };
      const marked = [];
      for (const day of [1, 2, 3]) {
        marked.push((await checkDepartedEntities(deps, 1, at(day)))!.marked);
      }
      expect(marked).toEqual([0, 0, 1]);
      // Marked on day 3, gone a day on day 4.
      const purge = await checkDepartedEntities(deps, 1, at(4));
      expect(purge?.purged).toBe(1);
      expect(await recordsOf(store, OLD)).toEqual(NONE);
      expect(await recordsOf(store, 'group:default/acme')).toEqual(ALL);
      // Once a day.
      expect(await checkDepartedEntities(deps, 1, at(4, 20))).toBeUndefined();
    });

    it('marks nothing and tries again at the next run when the catalog cannot be asked or answers out of shape', async () => {
      const store = await storeOn(await databases.init(id));
      const { catalog } = editableCatalog(smallOrg());
      await testComputation({ store, catalog }).runFull();
      const OLD = 'system:default/old-shop';
      await recordEverything(store, OLD);
      const withCatalog = (
        getEntitiesByRefs: CatalogService['getEntitiesByRefs'],
      ): DepartedRecordsDeps => ({
        store,
        catalog: { ...catalog, getEntitiesByRefs } as CatalogService,
        logger: mockServices.logger.mock(),
        credentials: async () => mockServices.auth().getOwnServiceCredentials(),
      });
      await expect(
        checkDepartedEntities(
          withCatalog(async () => {
            throw new Error('catalog unreachable');
          }),
          1,
          at(1),
        ),
      ).rejects.toThrow('catalog unreachable');
      await expect(
        checkDepartedEntities(
          withCatalog(async () => ({ items: [] })),
          1,
          at(1),
        ),
      ).rejects.toThrow(/0 items for 1 refs/);
      expect(await store.getState(DEPARTED_CHECK_STATE)).toBeUndefined();
      const check = await checkDepartedEntities(
        withCatalog(catalog.getEntitiesByRefs.bind(catalog)),
        1,
        at(1, 12),
      );
      expect(check?.marked).toBe(1);
    });
  },
);
