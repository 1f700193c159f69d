import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { settledWithin } from '../__testUtils__/races';
import { storeOn } from '../__testUtils__/computation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const CHECK = 'monitoring.metrics';

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  return { knex, store };
}

/*
 * An import writes answers without taking the writers' locks. A first
 * answer to the same check, written meanwhile, then meets the imported row
 * at its insert: on PostgreSQL it waits for the import and fails on the
 * key. The owner must get the 409 of any stale write (with what is stored
 * now to reload), not a 500 from a transaction the failed insert aborted.
 */
describe.each(databases.eachSupportedId())(
  'a first answer beside an import of the same answer, %p',
  id => {
    it('is a 409 naming the version imported', async () => {
      const t = await setup(id);
      const importing = await t.knex.transaction();
      await importing('readiness_answers').insert({
        entity_ref: CART,
        check_id: CHECK,
        status: 'not-met',
        answered_by: 'user:default/carol',
        answered_at: '2026-12-01T10:00:00.000Z',
        version: 4,
      });

      const answering = t.store.transaction(tx =>
        t.store.putAnswer(
          tx,
          CART,
          CHECK,
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      expect(await settledWithin(answering, 300)).toBe(false);
      await importing.commit();

      await expect(answering).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('the current version is 4'),
      });
      expect(await t.store.getAnswer(CART, CHECK)).toMatchObject({
        status: 'not-met',
        version: 4,
      });
    });
  },
);
