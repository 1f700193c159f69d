// @ts-check

/*
 * A kept scorecard detail is keyed by its row's fingerprint and the row
 * format of the release that built it (`<fingerprint>@<format>`), and a
 * release serves only a detail of its own format. During a rolling deploy
 * an instance of the older release may build a detail for a row the newer
 * one wrote (their summaries can agree while their details differ): keyed
 * by the fingerprint alone it was kept and served by every instance until
 * the entity's inputs changed. An older instance writes the fingerprint
 * alone, which the newer one does not match; a column holding the format
 * would not do, as the older instance's upsert leaves a column it does not
 * know as it was. Existing details are of format 5, the one this migration
 * shipped with.
 */

/** The row format when this migration was written (src/database/rowFormat.ts). */
const KEY_SUFFIX = '@5';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('readiness_scorecard_details')
    .whereNot('fingerprint', 'like', '%@%')
    .update({
      fingerprint: knex.raw('fingerprint || ?', [KEY_SUFFIX]),
    });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Details of other formats are of no row the older release wrote.
  await knex('readiness_scorecard_details')
    .where('fingerprint', 'like', '%@%')
    .whereNot('fingerprint', 'like', `%${KEY_SUFFIX}`)
    .delete();
  await knex('readiness_scorecard_details')
    .where('fingerprint', 'like', `%${KEY_SUFFIX}`)
    .update({
      fingerprint: knex.raw('substr(fingerprint, 1, length(fingerprint) - ?)', [
        KEY_SUFFIX.length,
      ]),
    });
};
