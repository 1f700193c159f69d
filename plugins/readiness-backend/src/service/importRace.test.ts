import {
  alice,
  base,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';
import { gate, settledWithin } from '../__testUtils__/races';
import { knexOf } from '../database/storeDatabase';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const CHECK = 'scalability.sizing';

/*
 * An import replaces every answer and role and touches every stored
 * scorecard; a write takes its entity's lock, then its answer's row, then
 * its scorecard's. If the import took rows as it met them, the two would
 * wait on each other on PostgreSQL (the import holding the scorecard the
 * write wants, the write the answer the import deletes) and one would be
 * aborted: a user's save answered 500, or a restore that fails. The import
 * holds off writers before it touches a row, so it waits for the write.
 */
describe.each(databases.eachSupportedId())(
  'an import beside a write, on %s',
  id => {
    it('waits for a write half-way through, and both land', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({ knex });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      await api
        .put(`${cart}/answers/${CHECK}`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      // Scored by a full run: the import has the scorecard's row to update.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const [{ n }] = await knex('readiness_scorecards')
        .where({ entity_ref: CART })
        .whereNotNull('input_basis')
        .count({ n: '*' });
      expect(Number(n)).toBe(1);
      const backup = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;

      // Another instance's write: its entity's lock and answer taken, its
      // scorecard next.
      const store = await storeOn(knex);
      const held = gate();
      const writing = store.transaction(async tx => {
        await store.lockEntities(tx, [CART]);
        await store.putAnswer(
          tx,
          CART,
          CHECK,
          { status: 'partially-met' },
          'user:default/alice',
          1,
        );
        held.reach();
        await held.opened;
        await knexOf(tx)('readiness_scorecards')
          .where({ entity_ref: CART })
          .forUpdate()
          .select('entity_ref');
      });
      await held.arrived;
      const importing = api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send(backup)
        .then(response => response);
      // The import waits for the write (SQLite: for its transaction to end).
      expect(await settledWithin(importing, 500)).toBe(false);
      held.open();
      await writing;
      expect((await importing).status).toBe(200);
      // The import landed after the write: the backup's answer is stored.
      const answer = (
        await api.get(cart).set('Authorization', alice).expect(200)
      ).body.scorecard.checks.find((c: any) => c.checkId === CHECK);
      expect(answer.status).toBe('met');
    });
  },
);
