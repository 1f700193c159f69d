/*
 * What the freshness pass recorded of every catalog entity: the etag it read
 * the entity at, its lifecycle (its dependants are scored from it), and a
 * hash of its place in the rollup tree or as an owner or role holder. An
 * entity whose etag moved is read again and its facts compared; no row
 * means "not recorded yet" (the first pass records every entity).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_catalog_facts', table => {
    table.comment('Catalog facts recorded by the freshness pass, by entity');
    table.string('entity_ref', 255).primary();
    table.string('etag', 255).nullable();
    table.text('lifecycle').nullable();
    table.string('shape', 40).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_catalog_facts');
};
