// @ts-check

/*
 * Titles and lifecycles come from the catalog, which bounds neither. On
 * PostgreSQL a varchar(255) title or varchar(64) lifecycle refused a longer
 * one, and that one entity (or group) failed its writes, its reads and
 * every full run. They are text now. From varchar, PostgreSQL changes the
 * type without rewriting the table, but may rebuild the indexes on these
 * columns (the trigram index for title search among them) while it holds
 * the table's lock: a few seconds at 100,000 entities. SQLite never checked
 * the lengths, so nothing changes there.
 */

/** @param {import('knex').Knex} knex */
const isPostgres = knex => knex.client.dialect === 'postgresql';

/** The columns that hold catalog text, by table. */
const COLUMNS = {
  readiness_scorecards: { title: 255, lifecycle: 64 },
  readiness_rollups: { title: 255 },
  readiness_snapshots: { title: 255 },
  readiness_campaign_entities: { title: 255 },
};

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  for (const [table, columns] of Object.entries(COLUMNS)) {
    const changes = Object.keys(columns).map(
      column => `ALTER COLUMN "${column}" TYPE text`,
    );
    await knex.raw(`ALTER TABLE "${table}" ${changes.join(', ')}`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  for (const [table, columns] of Object.entries(COLUMNS)) {
    // Longer values are cut to fit (at a character, not a byte).
    const changes = Object.entries(columns).map(
      ([column, length]) =>
        `ALTER COLUMN "${column}" TYPE varchar(${length}) USING left("${column}", ${length})`,
    );
    await knex.raw(`ALTER TABLE "${table}" ${changes.join(', ')}`);
  }
};
