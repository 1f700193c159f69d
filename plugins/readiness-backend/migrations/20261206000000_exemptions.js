/*
 * Exemptions (waivers) of failing checks: requested by an owner with a
 * reason and an end date, approved or rejected by someone else. Rows are
 * kept after they end or are rejected (the history and notices read them);
 * `end_recorded_at` marks an approved exemption whose end was recorded.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_exemptions', table => {
    table.comment('Exemptions (waivers) of checks, with approval and end date');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('reason_code', 32).notNullable();
    table.text('reason_text').notNullable();
    table.string('ends_on', 10).notNullable();
    table.string('status', 16).notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 32).notNullable();
    table.string('decided_by', 255).nullable();
    table.string('decided_at', 32).nullable();
    table.text('decision_note').nullable();
    table.string('end_recorded_at', 32).nullable();
    table.integer('version').notNullable();
    table.index(['entity_ref', 'check_id'], 'readiness_exemptions_entity_idx');
    table.index(['status', 'ends_on'], 'readiness_exemptions_status_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_exemptions');
};
