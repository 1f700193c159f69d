// @ts-check

/*
 * The entity list sorted by title (a click on its Title column) sorted
 * every scorecard of the organisation for each page: at 100,000 entities a
 * scan of the whole table. In this index's order a page is the first rows
 * of an index scan, as for the default order by score (20261214000000).
 * The expression is the one the list orders by first (`"title" is null`),
 * so both PostgreSQL and SQLite match it. Titles change seldom: a write
 * that keeps the title does not touch the index.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX readiness_scorecards_title_order ON readiness_scorecards ((title IS NULL), title, entity_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_title_order');
};
