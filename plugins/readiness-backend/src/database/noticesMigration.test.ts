import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';
import { READINESS_MIGRATIONS } from './migrations';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the notices entity migration on %s',
  id => {
    it("gives the notices sent before it their entity from their scope, leaving a hashed scope's empty", async () => {
      const knex = await databases.init(id);
      await storeOn(knex);
      for (const name of [
        '20261212000000_departed_entities.js',
        '20261211000000_notices_entity.js',
      ]) {
        await knex.migrate.down({ ...READINESS_MIGRATIONS, name });
      }
      const sent = (scope: string, period = '2026-12-31') => ({
        kind: 'answerExpiring',
        scope,
        period,
        sent_at: '2026-12-01T00:00:00.000Z',
        checked_at: '2026-12-01T00:00:00.000Z',
      });
      await knex('readiness_notices_sent').insert([
        sent('readiness:component:default/cart:check:security.pen-test'),
        sent('readiness:component:default/cart:check:security.pen-test', 'x'),
        sent('readiness:system:payments/ledger:level'),
        sent('readiness:sha1:0123456789abcdef0123456789abcdef01234567'),
      ]);

      await knex.migrate.latest(READINESS_MIGRATIONS);
      const rows = await knex('readiness_notices_sent')
        .select('scope', 'period', 'entity_ref')
        .orderBy(['scope', 'period']);
      expect(
        rows.map(r => [r.scope.slice(0, 40), r.period, r.entity_ref]),
      ).toEqual([
        [
          'readiness:component:default/cart:check:s',
          '2026-12-31',
          'component:default/cart',
        ],
        [
          'readiness:component:default/cart:check:s',
          'x',
          'component:default/cart',
        ],
        ['readiness:sha1:0123456789abcdef012345678', '2026-12-31', null],
        [
          'readiness:system:payments/ledger:level',
          '2026-12-31',
          'system:payments/ledger',
        ],
      ]);
    });
  },
);
