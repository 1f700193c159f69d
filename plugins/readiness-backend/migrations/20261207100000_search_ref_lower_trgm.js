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
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.dialect !== 'postgresql') return;
  if (!(await indexExists(knex, 'readiness_scorecards_ref_trgm'))) return;
  await knex.raw('DROP INDEX readiness_scorecards_ref_trgm');
  await knex.raw(
    'CREATE INDEX readiness_scorecards_ref_lower_trgm ON readiness_scorecards USING gin ((lower(entity_ref)) gin_trgm_ops)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.dialect !== 'postgresql') return;
  if (!(await indexExists(knex, 'readiness_scorecards_ref_lower_trgm'))) return;
  await knex.raw('DROP INDEX readiness_scorecards_ref_lower_trgm');
  await knex.raw(
    'CREATE INDEX readiness_scorecards_ref_trgm ON readiness_scorecards USING gin (entity_ref gin_trgm_ops)',
  );
};
