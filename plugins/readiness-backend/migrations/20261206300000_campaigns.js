/*
 * Campaigns (initiatives) made in the portal, and the precomputed progress
 * of every campaign (portal and app-config ones): each entity it asks with
 * whether it is done and what it still needs, the counts per group (nested
 * like the rollups; group_ref '' is the whole campaign) and a daily line
 * for the burn-up. Progress rows are keyed by campaign id only, so those of
 * app-config campaigns need no row in readiness_campaigns.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_campaigns', table => {
    table.comment('Campaigns created in the portal, versioned');
    table.string('id', 64).primary();
    table.string('title', 255).notNullable();
    table.text('definition').notNullable();
    table.integer('version').notNullable();
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('readiness_campaign_entities', table => {
    table.comment('Each entity a campaign asks, done or not');
    table.string('campaign_id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('title', 255).nullable();
    table.string('owner_ref', 255).nullable();
    table.boolean('done').notNullable();
    table.string('level', 64).nullable();
    table.text('missing').notNullable();
    table.primary(['campaign_id', 'entity_ref']);
    table.index(['entity_ref'], 'readiness_campaign_entities_ref_idx');
    table.index(
      ['campaign_id', 'done', 'owner_ref'],
      'readiness_campaign_entities_done_idx',
    );
  });
  await knex.schema.createTable('readiness_campaign_groups', table => {
    table.comment(
      'Counts of a campaign per group; an empty group_ref is the whole campaign',
    );
    table.string('campaign_id', 64).notNullable();
    table.string('group_ref', 255).notNullable();
    table.integer('total').notNullable();
    table.integer('done').notNullable();
    table.primary(['campaign_id', 'group_ref']);
  });
  await knex.schema.createTable('readiness_campaign_history', table => {
    table.comment('Totals of a campaign per day, for the burn-up');
    table.string('campaign_id', 64).notNullable();
    table.string('day', 10).notNullable();
    table.integer('total').notNullable();
    table.integer('done').notNullable();
    table.primary(['campaign_id', 'day']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_campaign_history');
  await knex.schema.dropTable('readiness_campaign_groups');
  await knex.schema.dropTable('readiness_campaign_entities');
  await knex.schema.dropTable('readiness_campaigns');
};
