// @ts-check

/*
 * The renewals list of the whole organisation in descending order
 * (`GET /scorecards?sort=nextExpiry&order=desc`, no owner) sorted every
 * matching scorecard for each page: the index of 20261218000000 read
 * backwards would put the rows without an expiry first. In this index's
 * order a page is the first rows of an index scan: latest expiry first,
 * rows without one last, ties by ref, as 20261219000000 does for score and
 * title.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX readiness_scorecards_expiry_desc_order ON readiness_scorecards ((next_expiry IS NULL), next_expiry DESC, entity_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_expiry_desc_order');
};
