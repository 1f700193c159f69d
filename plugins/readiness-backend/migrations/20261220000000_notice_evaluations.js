// @ts-check

/*
 * The key of each entity's last complete notices evaluation: a hash of
 * everything its notices are made from (its stored scorecard's fingerprint,
 * its and its System's stored records, its campaigns, exemptions and
 * previous level, the day, the configuration),
 * when it was made, and the first instant after it at which the clock
 * alone changes its notices (an answer expiring at the time of day it was
 * given, say; null when there is none: the day in the key covers the rest). An hourly sweep that finds the same key keeps the
 * notices that evaluation found, without reading the entity from the
 * catalog or scoring it again (before, every entity every hour), and
 * without writing: a notice is current while its entity's key is kept and
 * its `checked_at` is not older than the key's `evaluated_at`. Derived
 * state: a lost row only makes the next sweep evaluate that entity again.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_notice_evaluations', table => {
    table.comment('Key of the last complete notices evaluation per entity');
    table.string('entity_ref', 255).notNullable().primary();
    table.string('evaluation_key', 64).notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.string('valid_until', 32).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_notice_evaluations');
};
