// @ts-check

/*
 * The renewals list of the whole organisation (`GET /scorecards?sort=
 * nextExpiry`, with or without `expiringBy`, and no owner) sorted every
 * matching scorecard for each page: the index of 20261210000000 leads with
 * the owner. In this index's order a page is the first rows of an index
 * scan, as for the orders by score and title (20261214000000,
 * 20261216000000). The expression is the one the list orders by first
 * (`"next_expiry" is null`), so both PostgreSQL and SQLite match it. An
 * entity's first expiry changes only with its answers.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX readiness_scorecards_expiry_order ON readiness_scorecards ((next_expiry IS NULL), next_expiry, entity_ref)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_scorecards_expiry_order');
};
