// @ts-check

/*
 * The snapshot days a full run wrote whole. A day's snapshot holds every
 * entity and rollup only when a full run ran that day; on a day without
 * one (a weekday-only schedule, or every run failing), a write snapshots
 * just its entity and the rollups it moves. `asOf` reads and thinning go by
 * the complete days. The days stored before this migration were read as
 * complete, and stay so.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_snapshot_days', table => {
    table.comment('Snapshot days a full run wrote whole');
    table.string('day', 10).primary();
  });
  // Each stored day once, by a skip scan of the day index rather than a
  // scan of every line.
  await knex.raw(
    `WITH RECURSIVE days(day) AS (
       SELECT MIN(day) FROM readiness_snapshots
       UNION ALL
       SELECT (SELECT MIN(s.day) FROM readiness_snapshots s WHERE s.day > days.day)
       FROM days WHERE days.day IS NOT NULL
     )
     INSERT INTO readiness_snapshot_days (day)
     SELECT day FROM days WHERE day IS NOT NULL`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_snapshot_days');
};
