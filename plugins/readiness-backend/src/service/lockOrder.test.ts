import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { testComputation } from '../__testUtils__/computation';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toStoreTransaction } from '../database/storeDatabase';
import { applyDeltas } from './applyDeltas';
import { toScorecardRow } from './scorecardRow';
import { storeOn } from '../__testUtils__/computation';
import { gate } from '../__testUtils__/races';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const API = 'component:default/shop-api';
const CHECKOUT = 'component:default/checkout';
const CART = 'component:default/cart';
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const WEB = 'component:default/shop-web';

const scorecard = (ref: string, score: number) =>
  componentScorecard(ref, { score });
const row = (ref: string, score: number) =>
  toScorecardRow(scorecard(ref, score), `etag-${score}`);
const entityOf = (ref: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: ref.split('/')[1], etag: 'etag-written' },
});

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  await store.transaction(tx =>
    store.putScorecards(tx, [row(API, 10), row(WEB, 10)]),
  );
  const scores = async () =>
    Object.fromEntries(
      (
        await knex('readiness_scorecards')
          .orderBy('entity_ref')
          .select('entity_ref', 'score')
      ).map(r => [r.entity_ref, Number(r.score)]),
    );
  return { knex, store, scores };
}

/*
 * A full run's page takes no lock keys: it upserts its scorecards in
 * batches. A write locks the stored scorecards it moves rollups from. If the
 * two took rows in opposite orders, PostgreSQL would find a deadlock and
 * abort one of them: a user's write answered 500, or a full run that stops
 * before its rollups. Both take them in one order, so one waits for the
 * other and both land.
 */
describe.each(databases.eachSupportedId())(
  "a write beside a full run's page, %p",
  id => {
    it('lands after the page whatever order it names its entities in', async () => {
      const t = await setup(id);
      // The page has written one row and is about to write the next.
      const page = await t.knex.transaction();
      await t.store.putScorecards(toStoreTransaction(page), [row(API, 20)]);

      // A write rescoring both, named in catalog order (a System's parts).
      const writing = t.store.transaction(tx =>
        applyDeltas(
          t.store,
          tx,
          [scorecard(WEB, 30), scorecard(API, 30)],
          [entityOf(WEB), entityOf(API)],
          new Date('2026-12-01T10:00:00Z'),
        ),
      );
      await new Promise(resolve => setTimeout(resolve, 300));
      await t.store.putScorecards(toStoreTransaction(page), [row(WEB, 20)]);
      await page.commit();
      await writing;

      expect(await t.scores()).toEqual({ [API]: 30, [WEB]: 30 });
    });

    it("and a day's first full run, writing snapshot lines of entities it holds no lock of, both land", async () => {
      const t = await setup(id);
      const day = '2026-12-01';
      const line = (ref: string, score: number) => ({
        ref,
        owner: 'group:default/team-a',
        score,
        level: null,
      });
      // A write that has written its first entity's line.
      const writer = await t.knex.transaction();
      await t.store.putSnapshots(
        toStoreTransaction(writer),
        day,
        [line(API, 1)],
        [],
      );
      // The page's lines of both, named in another order.
      const page = t.store.transaction(tx =>
        t.store.putSnapshots(tx, day, [line(WEB, 2), line(API, 2)], []),
      );
      await sleep(300);
      await t.store.putSnapshots(
        toStoreTransaction(writer),
        day,
        [line(WEB, 1)],
        [],
      );
      await writer.commit();
      await page;
      const scores = await t
        .knex('readiness_snapshots')
        .where({ day })
        .orderBy('subject_ref')
        .pluck('score');
      expect(scores.map(Number)).toEqual([2, 2]);
    });

    it("and a full run's page that rescores one and fills in the other's basis both land", async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });
      await computation.runFull();
      // Rows kept without a basis (as before an upgrade): the next run's
      // page fills in cart's after it rescores checkout, which changed.
      await knex('readiness_scorecards').update({ input_basis: null });
      edit.edit('Component', 'checkout', meetRunbooks);
      const [cart, checkout] = await Promise.all(
        [CART, CHECKOUT].map(
          async ref =>
            (await edit.catalog.getEntityByRef(ref, {
              credentials: mockCredentials.none(),
            }))!,
        ),
      );

      // A write to both has locked their rows (one statement, in ref order).
      const holding = gate();
      const lockRows = store.lockMembers.bind(store);
      jest.spyOn(store, 'lockMembers').mockImplementation(async (tx, refs) => {
        const locked = await lockRows(tx, refs);
        if (refs.includes(CART)) {
          holding.reach();
          await holding.opened;
        }
        return locked;
      });
      const writing = computation.recomputeMany([checkout, cart]);
      await holding.arrived;
      const filling = new Promise<void>(resolve => {
        const fill = store.putInputBases.bind(store);
        jest.spyOn(store, 'putInputBases').mockImplementation((tx, bases) => {
          resolve();
          return fill(tx, bases);
        });
      });
      const running = computation.runFull();
      // The page has rescored checkout and waits to fill in cart's basis,
      // or (taking the writers' locks) waits for the write.
      await Promise.race([filling.then(() => sleep(300)), sleep(1500)]);
      holding.open();

      await expect(writing).resolves.toBeDefined();
      expect((await running).error).toBeUndefined();
      expect(
        (await store.getScorecard(CHECKOUT))!.checks['support.runbooks'],
      ).toBe('met');
    });
  },
);
