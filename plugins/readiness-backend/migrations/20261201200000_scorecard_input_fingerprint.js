/*
 * The input fingerprint of each scorecard: a hash of everything it was
 * computed from (entity etag, answers, roles, pushed results, what its
 * System hands down, the catalog facts about its owner, dependencies and
 * role holders, the model and the next expiry of its answers). A full run
 * scores only entities whose input fingerprint changed; null (a scorecard
 * written by a single-entity recomputation, or before this migration) means
 * "score it again".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table
      .string('input_fingerprint', 64)
      .nullable()
      .comment('Hash of the inputs; a full run rescores only when it changes');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.dropColumn('input_fingerprint');
  });
};
