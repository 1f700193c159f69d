import { createTestDatabases } from '../__testUtils__/databases';
import { READINESS_MIGRATIONS } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261224000000_scorecard_detail_format.js';
const TABLE = 'readiness_scorecard_details';

/*
 * The details kept before the migration were built by a release of row
 * format 5: it keys them so, and going down takes the format off again
 * (dropping the details of other formats, of no row the older release
 * wrote).
 */
describe.each(databases.eachSupportedId())(
  `migration ${MIGRATION} on %s`,
  id => {
    it('keys the kept details by format 5, and takes it off going down', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
      await knex(TABLE).insert({
        entity_ref: 'component:default/cart',
        fingerprint: 'f1',
        scorecard: '{"title":"Cart"}',
      });
      const keys = () =>
        knex(TABLE)
          .select('entity_ref', 'fingerprint', 'scorecard')
          .orderBy('entity_ref');

      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(await keys()).toEqual([
        {
          entity_ref: 'component:default/cart',
          fingerprint: 'f1@5',
          scorecard: '{"title":"Cart"}',
        },
      ]);

      await knex(TABLE).insert({
        entity_ref: 'component:default/search',
        fingerprint: 'f2@6',
        scorecard: '{}',
      });
      await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
      expect(await keys()).toEqual([
        {
          entity_ref: 'component:default/cart',
          fingerprint: 'f1',
          scorecard: '{"title":"Cart"}',
        },
      ]);
    });
  },
);
