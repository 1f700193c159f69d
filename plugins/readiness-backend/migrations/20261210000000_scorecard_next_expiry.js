// @ts-check

/*
 * When the first of an entity's own answers expires (or expired), so that
 * owners see every entity with an answer to renew, not only those a page
 * lists: `GET /scorecards?expiringBy=&sort=nextExpiry`. Null in every
 * existing row until the next full run writes the rows again (their input
 * fingerprints include the rows' format, which this version changes).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table
      .text('next_expiry')
      .nullable()
      .comment(
        "When the first of the entity's own answers expires or expired (ISO)",
      );
    table.index(['owner_ref', 'next_expiry'], 'readiness_scorecards_expiry');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.dropIndex(
      ['owner_ref', 'next_expiry'],
      'readiness_scorecards_expiry',
    );
    table.dropColumn('next_expiry');
  });
};
