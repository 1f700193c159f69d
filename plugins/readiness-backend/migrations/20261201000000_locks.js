/*
 * Serialisation locks of the readiness backend: one row per entity (or
 * System) whose scorecard a write recomputes. A writer upserts the rows of
 * every entity it reads inputs of and scores, in sorted order, before it
 * reads them; on PostgreSQL the upsert holds the rows locked until commit,
 * so writers of the same entity run one after the other, across instances.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_locks', table => {
    table.comment(
      'Per-entity serialisation locks of writes and their recomputation',
    );
    table.string('lock_key', 255).primary();
    table.string('locked_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_locks');
};
