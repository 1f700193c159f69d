import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@prodready/plugin-readiness-backend',
  'migrations',
);

/** Applies the plugin's migrations unless `database.migrations.skip` says not to. */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: migrationsDir,
      tableName: 'readiness_knex_migrations',
    });
  }
  return client;
}

/** Migrations directory, for tests that migrate down. */
export const READINESS_MIGRATIONS = {
  directory: migrationsDir,
  tableName: 'readiness_knex_migrations',
};
