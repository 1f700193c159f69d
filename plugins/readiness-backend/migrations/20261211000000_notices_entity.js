// @ts-check

/*
 * The entity each sent notice is about, so that a notices pass that could
 * not evaluate some entities (a page that failed) keeps their notices and
 * still forgets the others it no longer finds. Null in rows written before
 * this version: such a row of an entity whose page fails is forgotten as
 * before.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_notices_sent', table => {
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('The entity the notice is about');
    table.index(['entity_ref'], 'readiness_notices_sent_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_notices_sent', table => {
    table.dropIndex(['entity_ref'], 'readiness_notices_sent_entity_idx');
    table.dropColumn('entity_ref');
  });
};
