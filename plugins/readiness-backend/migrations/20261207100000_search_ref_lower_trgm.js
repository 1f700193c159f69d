// @ts-check

/*
 * The trigram index of ref search was on `entity_ref` itself. pg_trgm's GIN
 * operator class also answers equality, so with stale statistics (a first
 * full run filling the table) the planner took it for `entity_ref IN (...)`
 * — bitmap scans through the index's pending list, seconds per page — where
 * the primary key answers in microseconds. On `lower(entity_ref)`, an
 * expression no other query uses, it serves the search (which compares
 * lower case) and nothing else. Where 20261201300000 made no trigram index
 * (no pg_trgm), there is nothing to replace.
 */

/**
 * @param {import('knex').Knex} knex
 * @param {string} name
 */
async function indexExists(knex, name) {
  // In the schema the plugin's tables are in (the search path).
  const { rows } = await knex.raw('SELECT to_regclass(?) AS found', [name]);
  return rows[0].found !== null;
}

/**
 * The operator class `gin_trgm_ops`, qualified with the schema pg_trgm is
 * installed in: that need not be on the search path (with Backstage's
 * `pluginDivisionMode: schema` the path is the plugin's schema alone, and a
 * DBA may have installed pg_trgm in `public` first). Undefined without
 * pg_trgm. The same function is in 20261201300000_search_trigram.js:
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
  if (!(await indexExists(knex, 'readiness_scorecards_ref_trgm'))) return;
  // The index there depends on pg_trgm: the extension is installed.
  const opclass = await trigramOperatorClass(knex);
  await knex.raw('DROP INDEX readiness_scorecards_ref_trgm');
  await knex.raw(
    `CREATE INDEX readiness_scorecards_ref_lower_trgm ON readiness_scorecards USING gin ((lower(entity_ref)) ${opclass})`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.dialect !== 'postgresql') return;
  if (!(await indexExists(knex, 'readiness_scorecards_ref_lower_trgm'))) return;
  const opclass = await trigramOperatorClass(knex);
  await knex.raw('DROP INDEX readiness_scorecards_ref_lower_trgm');
  await knex.raw(
    `CREATE INDEX readiness_scorecards_ref_trgm ON readiness_scorecards USING gin (entity_ref ${opclass})`,
  );
};
