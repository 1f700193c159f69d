import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const alice = 'user:default/alice';

/*
 * The departed check scans the refs that have records, a batch at a time,
 * going on after the last ref of the batch before. A database created with
 * a language's collation (en_US.UTF-8, the default of many installs) orders
 * `a_b` before `a-b`, where code units order them the other way; with refs
 * in several tables, a scan that sorted in one order and went on in the
 * other would skip refs for good.
 */
describe.each(databases.eachSupportedId())(
  'the scan of refs with records, on %s',
  id => {
    it('meets every ref once in batches of one, whatever the database collation', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      if (knex.client.config.client === 'pg') {
        // As in a database created with an English locale.
        for (const table of ['readiness_answers', 'readiness_roles']) {
          await knex.raw(
            `ALTER TABLE ${table} ALTER COLUMN entity_ref TYPE varchar(255) COLLATE "en-US-x-icu"`,
          );
        }
      }
      const answered = ['a-b', 'a1', 'b'].map(n => `component:default/${n}`);
      const assigned = ['a_b', 'a.b', 'a10'].map(n => `component:default/${n}`);
      await store.transaction(async tx => {
        for (const ref of answered) {
          await store.putAnswer(
            tx,
            ref,
            'support.runbooks',
            { status: 'met' },
            alice,
            0,
          );
        }
        for (const ref of assigned) {
          await store.putRole(tx, ref, 'dba', [alice], alice, 0);
        }
      });
      const seen: string[] = [];
      let after = '';
      for (let i = 0; i < 20; i++) {
        const [ref] = await store.departures.recordRefsAfter(after, 1);
        if (!ref) break;
        seen.push(ref);
        after = ref;
      }
      expect([...seen].sort()).toEqual([...answered, ...assigned].sort());
    });
  },
);
