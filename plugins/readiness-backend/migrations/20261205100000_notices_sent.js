/*
 * The notices the readiness backend has sent through the notifications
 * plugin and whose condition still holds, so that a scheduled evaluation
 * never sends one twice. A notice is keyed by its kind, its scope (what it
 * is about: an entity's check, level or role) and its period (what makes a
 * repeat new: the expiry date of an answer, the day of a level drop).
 * `checked_at` is the last evaluation that still found it; an evaluation
 * deletes the rows it no longer finds, so a condition that clears and comes
 * back is sent again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_notices_sent', table => {
    table.comment('Notices sent whose condition still holds');
    table.string('kind', 64).notNullable();
    table.string('scope', 512).notNullable();
    table.string('period', 255).notNullable();
    table.string('sent_at', 32).notNullable();
    table.string('checked_at', 32).notNullable();
    table.primary(['kind', 'scope', 'period']);
    table.index(['checked_at'], 'readiness_notices_sent_checked_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_notices_sent');
};
