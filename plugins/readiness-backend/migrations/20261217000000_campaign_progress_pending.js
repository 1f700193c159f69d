// @ts-check

/*
 * A portal campaign created, or changed in what it asks or of whom, had its
 * progress computed from every stored scorecard inside the request that
 * saved it: 4–8 s at 100,000 entities. The request now marks it, and a
 * scheduled task computes the progress of the campaigns marked. The mark
 * is a token made anew by each change (a restore's too), so a computation
 * that began before a change clears no mark but its own. Null (and every
 * row an instance of the previous release wrote, which computed the
 * progress in its request) is not pending.
 *
 * Taken down, the marks go: a campaign saved since whose progress was not
 * computed yet keeps the counts from before its change (none for a new one)
 * until the next full run; start one (POST /compute) after the rollback.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_campaigns', table => {
    table.string('progress_pending', 36).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_campaigns', table => {
    table.dropColumn('progress_pending');
  });
};
