import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { retentionOf } from '../database/snapshotRetention';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';

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
const NONE = { answers: 0, roles: 0, results: 0, costTables: 0, exemptions: 0 };

describe.each(databases.eachSupportedId())(
  'records of entities gone from the catalog, on %s',
  id => {
    it('are deleted departedDays after a daily check first found them gone, not before, and only while still gone', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      let now = new Date('2026-12-01T10:00:00Z');
      const computation = testComputation({
        store,
        catalog: edit.catalog,
        now: () => now,
        retention: { ...retentionOf(400), departedDays: 30 },
      });
      const at = (day: number) =>
        new Date(Date.parse('2026-12-01T10:00:00Z') + day * 86_400_000);
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
      // Day 30, 23 h later than day 1's check: not yet 30 days.
      now = new Date(at(30).getTime() - 3_600_000);
      await computation.runFull();
      expect(await recordsOf(store, CART)).toEqual(ALL);

      // Day 31: cart has been gone 30 days; search and checkout stay.
      now = at(31);
      await computation.runFull();
      expect(await recordsOf(store, CART)).toEqual(NONE);
      expect(await recordsOf(store, SEARCH)).toEqual(ALL);
      expect(await recordsOf(store, CHECKOUT)).toEqual(ALL);
      // The history of what was recorded is kept, with its own retention.
      expect((await store.getHistory(CART, 10)).length).toBeGreaterThan(0);
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
  },
);
