// @ts-check

/*
 * Two pages that read every row of the day or campaign to find a few:
 * - a team's entities as of a day searched the day's lines of every entity
 *   for the team's (100,000 at 100,000 entities, twice: count and page);
 *   the day index now ends with the owner, and still serves every query by
 *   day and kind (its prefix), so snapshot writes keep one index;
 * - a campaign's entities by status, in ref order, sorted every row of the
 *   status; this index gives them in order.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_snapshots', table => {
    table.index(
      ['day', 'subject_kind', 'parent_ref'],
      'readiness_snapshots_day_parent_idx',
    );
  });
  await knex.schema.alterTable('readiness_snapshots', table => {
    table.dropIndex([], 'readiness_snapshots_day_idx');
  });
  await knex.schema.alterTable('readiness_campaign_entities', table => {
    table.index(
      ['campaign_id', 'done', 'entity_ref'],
      'readiness_campaign_entities_status_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_campaign_entities', table => {
    table.dropIndex([], 'readiness_campaign_entities_status_idx');
  });
  await knex.schema.alterTable('readiness_snapshots', table => {
    table.index(['day', 'subject_kind'], 'readiness_snapshots_day_idx');
  });
  await knex.schema.alterTable('readiness_snapshots', table => {
    table.dropIndex([], 'readiness_snapshots_day_parent_idx');
  });
};
