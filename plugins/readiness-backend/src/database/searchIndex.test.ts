import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
// Trigram indexes are PostgreSQL's; SQLite (the demo) keeps scanning.
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

/** The plan PostgreSQL chooses for a statement when it must avoid scanning the table. */
async function planWithoutSeqScan(
  knex: Knex,
  query: { sql: string; bindings: readonly unknown[] },
) {
  return knex.transaction(async tx => {
    await tx.raw('SET LOCAL enable_seqscan = off');
    // The event shows PostgreSQL's own $n placeholders; raw() takes ?.
    const sql = query.sql.replace(/\$\d+/g, '?');
    const rows = await tx.raw(`EXPLAIN ${sql}`, query.bindings as any);
    return rows.rows.map((r: any) => r['QUERY PLAN']).join('\n');
  });
}

(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'title search on %p',
  databaseId => {
    it('can be answered from the trigram indexes instead of a scan', async () => {
      const knex = await databases.init(databaseId as any);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });

      const [list] = (
        await statementsOf(knex, () =>
          store.listScorecards({ search: 'pay', limit: 10, offset: 0 }),
        )
      ).filter(q => /from "readiness_scorecards"/.test(q.sql));
      const plan = await planWithoutSeqScan(knex, list);
      expect(plan).toContain('readiness_scorecards_title_trgm');
      expect(plan).toContain('readiness_scorecards_ref_lower_trgm');
    });

    it('leaves `entity_ref IN (...)` to the primary key: no trigram index can answer it', async () => {
      const knex = await databases.init(databaseId as any);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      const [lookup] = await statementsOf(knex, () =>
        store.transaction(tx =>
          store.getScorecardInputs(
            ['component:default/a', 'component:default/b'],
            tx,
          ),
        ),
      ).then(qs => qs.filter(q => /from "readiness_scorecards"/.test(q.sql)));
      // Without the primary key, and told to avoid scans, the planner would
      // take any other index that answers equality on entity_ref (a trigram
      // index on the column did, from stale statistics, in full runs).
      const plan = await knex
        .transaction(async tx => {
          await tx.raw(
            'ALTER TABLE readiness_scorecards DROP CONSTRAINT readiness_scorecards_pkey',
          );
          await tx.raw('SET LOCAL enable_seqscan = off');
          const sql = lookup.sql.replace(/\$\d+/g, '?');
          const rows = await tx.raw(`EXPLAIN ${sql}`, lookup.bindings as any);
          throw Object.assign(new Error('rollback'), {
            plan: rows.rows.map((r: any) => r['QUERY PLAN']).join('\n'),
          });
        })
        .catch(error => error.plan);
      // A scan, or one of the list orders' indexes, whose last column is
      // the ref.
      expect(plan).toMatch(
        /Seq Scan on readiness_scorecards|readiness_scorecards_(score|title|expiry)(_desc)?_order/,
      );
      expect(plan).not.toContain('trgm');
    });
  },
);
