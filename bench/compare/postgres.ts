/*
 * The bench's own use of the PostgreSQL server: its version for the report,
 * the catalog's stitch queue (to know processing is over), vacuuming the
 * catalog's tables once it is, and dropping the scratch databases the
 * backends created.
 */
import knexFactory, { Knex } from 'knex';
import { BenchEnvironment } from './environment';

async function withClient<T>(
  env: BenchEnvironment,
  database: string,
  fn: (client: Knex) => Promise<T>,
): Promise<T> {
  const client = knexFactory({
    client: 'pg',
    connection: { ...env.postgres, database },
    pool: { min: 0, max: 1 },
  });
  try {
    return await fn(client);
  } finally {
    await client.destroy();
  }
}

export const serverVersion = (env: BenchEnvironment) =>
  withClient(env, 'postgres', async c => {
    const { rows } = await c.raw('SHOW server_version');
    return String(rows[0].server_version);
  });

/**
 * Entities the catalog still has to stitch (its deferred stitching queue),
 * or undefined when this catalog version keeps no such table.
 */
export const stitchQueueLength = (env: BenchEnvironment) =>
  withClient(env, `${env.databasePrefix}catalog`, async c => {
    try {
      const { rows } = await c.raw('SELECT count(*) AS n FROM stitch_queue');
      return Number(rows[0].n);
    } catch {
      return undefined;
    }
  });

/**
 * Vacuums and analyses the catalog's tables once it has processed the
 * organisation, as autovacuum has done in a portal that has been running:
 * otherwise the planner has no statistics of the tables just filled (and
 * picks nested loops for a few rows), every index read also visits the
 * table, and autovacuum starts whenever its threshold is crossed, in the
 * middle of either side's measurements. Both sides read the catalog after it.
 */
export const vacuumCatalog = (env: BenchEnvironment) =>
  withClient(env, `${env.databasePrefix}catalog`, c =>
    c.raw('VACUUM (ANALYZE)'),
  );

/** Drops every database the run's backends created (their names start with the prefix). */
export const dropScratchDatabases = (env: BenchEnvironment) =>
  withClient(env, 'postgres', async c => {
    const { rows } = await c.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [env.databasePrefix],
    );
    for (const { datname } of rows as { datname: string }[]) {
      await c.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
    return rows.length;
  });

/** The parts of a readiness full run, as the run records them in its state row. */
export interface FullRunParts {
  catalogReadMs?: number;
  transactionMs?: number;
  rescored?: number;
  entities?: number;
}

/** The last readiness full run's record of itself, or undefined when there is none to read. */
export const lastFullRunParts = (env: BenchEnvironment) =>
  withClient(env, `${env.databasePrefix}readiness`, async c => {
    try {
      const row = await c('readiness_state')
        .where({ key: 'last-full-run' })
        .first();
      const { catalogReadMs, transactionMs, rescored, entities } = JSON.parse(
        row.value,
      );
      return {
        catalogReadMs,
        transactionMs,
        rescored,
        entities,
      } as FullRunParts;
    } catch {
      return undefined;
    }
  });
