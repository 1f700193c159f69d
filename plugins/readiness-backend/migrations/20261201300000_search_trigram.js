// @ts-check

/*
 * Title and ref search (`q=`) matches anywhere in the text (LIKE '%…%'),
 * which a B-tree index cannot serve. On PostgreSQL, trigram GIN indexes let
 * the planner answer it without reading every row. pg_trgm is a trusted
 * extension (PostgreSQL 13+): a database owner may create it. Where it cannot
 * be had, the search keeps working as a scan and the migration says so.
 * SQLite (the demo and development) keeps the scan, and so do rollups, which
 * are thousands of rows at most and filtered by kind first.
 */

const INDEXES = [
  [
    'readiness_scorecards_title_trgm',
    'readiness_scorecards',
    "lower(coalesce(title, ''))",
  ],
  ['readiness_scorecards_ref_trgm', 'readiness_scorecards', 'entity_ref'],
];

/**
 * The operator class `gin_trgm_ops`, qualified with the schema pg_trgm is
 * installed in: that need not be on the search path (with Backstage's
 * `pluginDivisionMode: schema` the path is the plugin's schema alone, and a
 * DBA may have installed pg_trgm in `public` first). Undefined without
 * pg_trgm. The same function is in 20261207100000_search_ref_lower_trgm.js:
 * knex would load a shared module in this directory as a migration.
 *
 * @param {import('knex').Knex} knex
 * @returns {Promise<string | undefined>}
 */
async function trigramOperatorClass(knex) {
  const { rows } = await knex.raw(
    `SELECT n.nspname FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_trgm'`,
  );
  if (rows.length === 0) return undefined;
  const schema = String(rows[0].nspname).replace(/"/g, '""');
  return `"${schema}".gin_trgm_ops`;
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.dialect !== 'postgresql') return;
  try {
    // A savepoint, so that a refusal leaves the migration's transaction usable.
    await knex.transaction(async tx => {
      await tx.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    });
  } catch (error) {
    // eslint-disable-next-line no-console
    console.warn(
      `readiness: pg_trgm is not available (${error}); title search will scan`,
    );
    return;
  }
  const opclass = await trigramOperatorClass(knex);
  if (!opclass) {
    // eslint-disable-next-line no-console
    console.warn('readiness: pg_trgm is not installed; title search will scan');
    return;
  }
  for (const [name, table, expression] of INDEXES) {
    await knex.raw(
      `CREATE INDEX IF NOT EXISTS ${name} ON ${table} USING gin ((${expression}) ${opclass})`,
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.dialect !== 'postgresql') return;
  for (const [name] of INDEXES) {
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  }
};
