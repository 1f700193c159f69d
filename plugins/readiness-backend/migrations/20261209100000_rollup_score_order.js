// @ts-check

/*
 * A page of rollups in the lists' default order (score, rows without one
 * last, then ref) read every rollup of the kind and sorted them with their
 * ~1 KB of JSON: for a page of 100 among 2,000 groups, ~2.5 ms of
 * PostgreSQL's CPU a read. In this index's order the page is the first rows
 * of an index scan. The expression is the one the lists order by first
 * (`"score" is null`), so both PostgreSQL and SQLite match it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX readiness_rollups_score_order ON readiness_rollups (kind, (score IS NULL), score, rollup_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_rollups_score_order');
};
