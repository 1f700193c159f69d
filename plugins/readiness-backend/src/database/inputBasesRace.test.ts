import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toScorecardRow } from '../service/scorecardRow';
import { BasisToKeep } from './ReadinessStore';
import { toStoreTransaction } from './storeDatabase';
import { settledWithin } from '../__testUtils__/races';
import { storeOn } from '../__testUtils__/computation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const REPLACED = 'component:default/cart';
const KEPT = 'component:default/vault';
/** The input fingerprint a full run stored with both rows. */
const RUN_FINGERPRINT = 'fingerprint-of-the-run';

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  await store.transaction(tx =>
    store.putScorecards(
      tx,
      [REPLACED, KEPT].map(ref => ({
        ...toScorecardRow(componentScorecard(ref), `etag-${ref}`),
        inputFingerprint: RUN_FINGERPRINT,
      })),
    ),
  );
  const basisOf = (ref: string): BasisToKeep => ({
    inputBasis: {
      etag: `etag-${ref}`,
      kind: 'component',
      refs: [],
      expiries: [],
    },
    inputRecords: [],
    inputFingerprint: RUN_FINGERPRINT,
  });
  const rows = async () =>
    Object.fromEntries(
      (
        await knex('readiness_scorecards')
          .orderBy('entity_ref')
          .select('entity_ref', 'input_fingerprint', 'input_basis')
      ).map(row => [
        row.entity_ref,
        { fingerprint: row.input_fingerprint, basis: row.input_basis },
      ]),
    );
  return { knex, store, basisOf, rows };
}

/*
 * A full run decides a row is unchanged, then fills in its basis in a
 * transaction of its own. A write (an answer, say) may replace the row in
 * between: the basis taken for the row before must not land on it, whether
 * the write commits before the fill or holds the row while it runs.
 */
describe.each(databases.eachSupportedId())(
  'putInputBases racing a write, %p',
  id => {
    it('fills in only the row still stored with the fingerprint the basis was taken for', async () => {
      const t = await setup(id);
      const writer = await t.knex.transaction();
      // The write stores the row anew; only full runs keep an input fingerprint.
      await t.store.putScorecards(toStoreTransaction(writer), [
        toScorecardRow(
          componentScorecard(REPLACED, { gateFailures: 1 }),
          'etag-after-the-write',
        ),
      ]);

      const filling = t.store.transaction(tx =>
        t.store.putInputBases(
          tx,
          new Map([REPLACED, KEPT].map(ref => [ref, t.basisOf(ref)])),
        ),
      );
      // On SQLite the fill waits for the database; on PostgreSQL it leaves
      // the row the writer holds to a later run.
      await settledWithin(filling, 300);
      await writer.commit();
      await filling;

      const rows = await t.rows();
      expect(rows[REPLACED]).toEqual({ fingerprint: null, basis: null });
      expect(rows[KEPT].fingerprint).toBe(RUN_FINGERPRINT);
      expect(JSON.parse(rows[KEPT].basis)).toEqual({ refs: [], records: [] });
    });
  },
);

/*
 * A write locks the stored scorecards it moves rollups from in lock order,
 * a statement at a time (a System and its parts, a freshness batch). A fill
 * that took rows in the order of its scan and then waited for one the write
 * holds would hold another the write asks for next: PostgreSQL would find a
 * deadlock and abort one of them, perhaps the user's write.
 */
describe.each(databases.eachSupportedId())(
  'putInputBases beside a write locking rows one after the other, %p',
  id => {
    it('lets both finish', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const [first, second] = [
        'component:default/a-first',
        'component:default/b-second',
      ];
      // Stored second first: a scan meets it before the other.
      for (const ref of [second, first]) {
        await store.transaction(tx =>
          store.putScorecards(tx, [
            {
              ...toScorecardRow(componentScorecard(ref), `etag-${ref}`),
              inputFingerprint: RUN_FINGERPRINT,
            },
          ]),
        );
      }
      const basis: BasisToKeep = {
        inputBasis: { etag: 'etag', kind: 'component', refs: [], expiries: [] },
        inputRecords: [],
        inputFingerprint: RUN_FINGERPRINT,
      };
      const writer = await knex.transaction();
      await store.lockMembers(toStoreTransaction(writer), [first]);

      const filling = store.transaction(tx =>
        store.putInputBases(
          tx,
          new Map([
            [first, basis],
            [second, basis],
          ]),
        ),
      );
      await settledWithin(filling, 300);
      await store.lockMembers(toStoreTransaction(writer), [second]);
      await writer.commit();
      await expect(filling).resolves.toBeUndefined();
    });
  },
);
