// @ts-check

/*
 * A kept scorecard detail records the row format of the release that built
 * it, and is served only by a release of that format. During a rolling
 * deploy an instance of the older release may build a detail for a row the
 * newer one wrote (their summaries can agree while their details differ):
 * without the format it would be kept and served by every instance until
 * the entity's inputs changed. Existing details are of format 5, the one
 * this migration shipped with: a detail is tied to its row by the row's
 * fingerprint, which a new format changes, so one kept by an earlier format
 * is of no row this release writes.
 */

/** The row format when this migration was written (src/database/rowFormat.ts). */
const ROW_FORMAT_NOW = 5;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_scorecard_details', table => {
    table
      .integer('row_format')
      .nullable()
      .comment('The row format of the release that built the detail');
  });
  await knex('readiness_scorecard_details').update({
    row_format: ROW_FORMAT_NOW,
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_scorecard_details', table => {
    table.dropColumn('row_format');
  });
};
