// @ts-check

/*
 * Entities that have records (answers, roles, pushed results, cost tables,
 * exemptions) but are gone from the catalog, and since when, so that
 * `readiness.retention.departedDays` can delete their records that many
 * days later. A row goes when the next daily check finds its entity scored
 * again, or with its records.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_departed_entities', table => {
    table.comment('Entities with records that the catalog no longer has');
    table.string('entity_ref', 255).primary();
    table
      .string('departed_at', 32)
      .notNullable()
      .comment('When a daily check first found it gone (ISO)');
    table.index(['departed_at'], 'readiness_departed_entities_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_departed_entities');
};
