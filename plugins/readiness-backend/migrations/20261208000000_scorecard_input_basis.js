/*
 * What a scorecard's input fingerprint took from its entity's body (its
 * etag, kind, System, referenced refs and the expiry instants of its
 * annotated answers), as JSON. With it, a full run fingerprints an entity
 * whose etag did not change without reading its body from the catalog.
 * Null (every existing row) means "read the body": the next full run
 * fills it in, so nothing is lost.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table
      .text('input_basis')
      .nullable()
      .comment('What the input fingerprint took from the entity body (JSON)');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.dropColumn('input_basis');
  });
};
