import knexFactory from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

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

(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'migrations in a schema of a shared database on %p',
  databaseId => {
    it('make the trigram indexes when pg_trgm is already installed in another schema', async () => {
      const admin = await databases.init(databaseId as any);
      // As a DBA would have it: pg_trgm in public, before the plugin arrives.
      await admin.raw('DROP EXTENSION IF EXISTS pg_trgm CASCADE');
      await admin.raw('CREATE EXTENSION pg_trgm SCHEMA public');
      await admin.raw('CREATE SCHEMA readiness');
      // As Backstage's `pluginDivisionMode: schema` connects the plugin.
      const knex = knexFactory({
        client: admin.client.config.client,
        connection: admin.client.config.connection,
        searchPath: ['readiness'],
        pool: { min: 0, max: 2 },
      });
      try {
        await DatabaseReadinessStore.create({
          database: { getClient: async () => knex },
        });
        const { rows } = await admin.raw(
          `SELECT schemaname, indexname FROM pg_indexes
            WHERE indexname LIKE 'readiness_scorecards_%_trgm'
            ORDER BY indexname`,
        );
        expect(rows).toEqual([
          {
            schemaname: 'readiness',
            indexname: 'readiness_scorecards_ref_lower_trgm',
          },
          {
            schemaname: 'readiness',
            indexname: 'readiness_scorecards_title_trgm',
          },
        ]);
        // The extension stayed where it was.
        const extension = await admin.raw(
          `SELECT n.nspname FROM pg_extension e
             JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm'`,
        );
        expect(extension.rows).toEqual([{ nspname: 'public' }]);
      } finally {
        await knex.destroy();
      }
    });
  },
);
