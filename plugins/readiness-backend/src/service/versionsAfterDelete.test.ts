import { createTestDatabases } from '../__testUtils__/databases';
import { alice, cart, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(90_000);

const databases = createTestDatabases();

const table = {
  currency: 'EUR',
  date: '2026-11-01',
  tiers: [
    { users: 0, monthlyCost: 450 },
    { users: 1, monthlyCost: 455 },
  ],
};

/*
 * A version tells an editor that what they saw is what is stored. Alice
 * opens an editor on version 1; someone removes the record and someone else
 * writes a new one: Alice's save must be told of it (409), not replace it,
 * so a record created after a delete is numbered on from the deleted one.
 */
describe.each(databases.eachSupportedId())(
  'versions of records written again after a delete, on %s',
  id => {
    it.each([
      ['an answer', `${cart}/answers/monitoring.alerting`, { status: 'met' }],
      [
        'a role assignment',
        `${cart}/roles/dba`,
        { holders: ['user:default/alice'] },
      ],
      ['a cost table', `${cart}/cost`, table],
    ])('%s', async (_what, url, body) => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      const put = (who: string, version: number, over: object = {}) =>
        api
          .put(url)
          .set('Authorization', who)
          .send({ ...body, ...over, version });
      await put(alice, 0).expect(200);
      // Alice's editor shows version 1. Carol removes it and writes anew.
      await api
        .delete(url)
        .set('Authorization', carol)
        .send({ version: 1 })
        .expect(200);
      const again = await put(carol, 0).expect(200);
      const written =
        again.body.answer ?? again.body.role ?? again.body.costTable;
      expect(written.version).toBe(2);
      // Alice saves what she saw: a conflict naming the version now stored.
      const stale = await put(alice, 1).expect(409);
      expect(stale.body.error.current.version).toBe(2);
      // At the version she is told of, her change goes through.
      await put(alice, 2).expect(200);
    });
  },
);
