// @ts-check

/*
 * The departed check scans the refs that have records in code-unit order
 * (`entity_ref COLLATE "C"`), which a database created with a language's
 * collation orders otherwise; an index in the default collation does not
 * serve that order, so each step of the scan would read every record table
 * whole. PostgreSQL only: SQLite compares bytes anyway.
 */

const TABLES = [
  'readiness_answers',
  'readiness_roles',
  'readiness_results',
  'readiness_cost_tables',
  'readiness_exemptions',
];

/** @param {import('knex').Knex} knex */
const isPostgres = knex => knex.client.dialect === 'postgresql';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  for (const table of TABLES) {
    await knex.raw(
      `CREATE INDEX ${table}_ref_bytes_idx ON ${table} (entity_ref COLLATE "C")`,
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  for (const table of TABLES) {
    await knex.raw(`DROP INDEX IF EXISTS ${table}_ref_bytes_idx`);
  }
};
