/*
 * Cost tables owners edit in the portal: what an entity costs per month at
 * a number of users (the seed's Cost section), one versioned row per
 * entity. Tables written in the `prodready.dev/cost` annotation stay in the
 * catalog; this holds only the portal's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_cost_tables', table => {
    table.comment('Cost tables edited in the portal, by entity');
    table.string('entity_ref', 255).primary();
    table.string('currency', 3).notNullable();
    table
      .string('date', 10)
      .notNullable()
      .comment('YYYY-MM-DD of the estimate');
    table.text('assumptions').nullable();
    table
      .text('tiers')
      .notNullable()
      .comment('JSON [{ users, monthlyCost }], sorted by users');
    table.string('updated_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.integer('version').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_cost_tables');
};
