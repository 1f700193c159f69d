// @ts-check

/*
 * The entity list sorted by score or title in descending order (a second
 * click on the column) sorted every matching scorecard for each page: the
 * indexes of 20261214000000 and 20261216000000 give the ascending order,
 * and read backwards they would put the rows without a score or title
 * first. In these indexes' order a page is the first rows of an index
 * scan: highest first, rows without one last, ties by ref.
 *
 * The plain score index of the first migration served the list's order
 * before 20261214000000 did and nothing reads it since: it goes, so a
 * write of a score updates as many indexes as before.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_score_idx');
  await knex.raw(
    'CREATE INDEX readiness_scorecards_score_desc_order ON readiness_scorecards ((score IS NULL), score DESC, entity_ref)',
  );
  await knex.raw(
    'CREATE INDEX readiness_scorecards_title_desc_order ON readiness_scorecards ((title IS NULL), title DESC, entity_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_title_desc_order');
  await knex.raw('DROP INDEX readiness_scorecards_score_desc_order');
  await knex.raw(
    'CREATE INDEX readiness_scorecards_score_idx ON readiness_scorecards (score)',
  );
};
