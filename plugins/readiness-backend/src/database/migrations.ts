import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * Where the plugin's migrations live and the table knex records them in; the
 * one definition used to migrate up at startup (and to migrate down).
 */
export const READINESS_MIGRATIONS: Knex.MigratorConfig = {
  directory: resolvePackagePath(
    '@prodready/plugin-readiness-backend',
    'migrations',
  ),
  tableName: 'readiness_knex_migrations',
};

/** Applies the plugin's migrations unless `database.migrations.skip` says not to. */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest(READINESS_MIGRATIONS);
  }
  return client;
}
