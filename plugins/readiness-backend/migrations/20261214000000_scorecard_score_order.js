// @ts-check

/*
 * A page of the entity list in its default order (score, rows without one
 * last, then ref) sorted every scorecard of the organisation: the score
 * index alone cannot give rows without a score last. In this index's order
 * the page is the first rows of an index scan, as for the rollups
 * (20261209100000). The expression is the one the list orders by first
 * (`"score" is null`), so both PostgreSQL and SQLite match it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX readiness_scorecards_score_order ON readiness_scorecards ((score IS NULL), score, entity_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_score_order');
};
