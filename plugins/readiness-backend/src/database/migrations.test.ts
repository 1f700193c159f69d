import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseReadinessStore.create on %s',
  id => {
    it('creates the tables', async () => {
      const knex = await databases.init(id);
      await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      for (const table of [
        'readiness_answers',
        'readiness_roles',
        'readiness_history',
        'readiness_scorecards',
        'readiness_rollups',
        'readiness_snapshots',
        'readiness_results',
        'readiness_state',
        'readiness_locks',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
    });

    it('honours database.migrations.skip', async () => {
      const knex = await databases.init(id);
      await DatabaseReadinessStore.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });
      expect(await knex.schema.hasTable('readiness_answers')).toBe(false);
    });
  },
);
