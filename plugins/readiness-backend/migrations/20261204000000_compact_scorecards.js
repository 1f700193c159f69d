// @ts-check

/*
 * A stored scorecard of at most about 2 KB, where the full scorecard took
 * 8–19 KB of JSON per entity, rewritten by every cold full run.
 *
 * `readiness_scorecards` keeps what rollups and lists need (its columns and
 * the rollup member), plus the status of each check (`checks`, one letter
 * per check id). The detail — answers,
 * evidence, sources, roles, problems — is built again when a scorecard is
 * read, and kept in `readiness_scorecard_details` for entities that were
 * read, valid while its fingerprint is the scorecard's.
 *
 * Up moves every stored scorecard's JSON into the details table (nothing is
 * lost: each entity reads its old detail until its scorecard changes).
 * Down puts the kept details back; scorecards without one are deleted, and
 * the next full run scores those entities again.
 */

const PAGE = 500;
const CHUNK = 100;

/** The letters of src/database/checkStatusCodes.ts when this was written. */
const CODES = {
  met: 'm',
  'partially-met': 'p',
  'not-met': 'n',
  'not-applicable': 'a',
  unknown: 'u',
  expired: 'e',
};

/**
 * The statuses of a scorecard's checks, one letter each, grouped by the
 * check id's category prefix: `{"monitoring.":{"metrics":"m"}}`.
 *
 * @param {{ checks?: { checkId: string, status: string }[] }} scorecard
 */
function checkStatuses(scorecard) {
  /** @type {Record<string, Record<string, string>>} */
  const groups = {};
  for (const { checkId, status } of scorecard.checks ?? []) {
    const prefix = checkId.slice(0, checkId.indexOf('.') + 1);
    (groups[prefix] ??= {})[checkId.slice(prefix.length)] =
      CODES[/** @type {keyof CODES} */ (status)];
  }
  return JSON.stringify(groups);
}

/**
 * Calls `fn` with every row of `readiness_scorecards`, a page at a time, in
 * primary key order.
 *
 * @param {import('knex').Knex} knex
 * @param {(rows: any[]) => Promise<void>} fn
 */
async function eachPage(knex, fn) {
  let after = '';
  for (;;) {
    const rows = await knex('readiness_scorecards')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(PAGE);
    if (!rows.length) return;
    await fn(rows);
    after = rows[rows.length - 1].entity_ref;
  }
}

/**
 * Sets `columns` of existing rows in one statement per chunk: an upsert of
 * the rows as read, which only merges those columns.
 *
 * @param {import('knex').Knex} knex
 * @param {any[]} rows
 * @param {string[]} columns
 */
async function updateRows(knex, rows, columns) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await knex('readiness_scorecards')
      .insert(rows.slice(i, i + CHUNK))
      .onConflict('entity_ref')
      .merge(columns);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_scorecard_details', table => {
    table.comment('Full scorecards of entities that were read');
    table.string('entity_ref', 255).primary();
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('Fingerprint of the scorecard this is the detail of');
    table
      .text('scorecard')
      .notNullable()
      .comment('JSON EntityScorecard without computedAt');
  });
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.text('checks').nullable().comment('JSON { checkId: status letter }');
  });

  await eachPage(knex, async rows => {
    const details = [];
    for (const row of rows) {
      const scorecard = JSON.parse(row.scorecard);
      row.checks = checkStatuses(scorecard);
      details.push({
        entity_ref: row.entity_ref,
        fingerprint: row.fingerprint,
        scorecard: row.scorecard,
      });
    }
    for (let i = 0; i < details.length; i += CHUNK) {
      await knex('readiness_scorecard_details').insert(
        details.slice(i, i + CHUNK),
      );
    }
    await updateRows(knex, rows, ['checks']);
  });

  await knex.schema.alterTable('readiness_scorecards', table => {
    table.dropColumn('scorecard');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.text('scorecard').nullable().comment('JSON EntityScorecard');
  });
  await eachPage(knex, async rows => {
    const details = new Map();
    const refs = rows.map(row => row.entity_ref);
    for (let i = 0; i < refs.length; i += CHUNK) {
      for (const detail of await knex('readiness_scorecard_details').whereIn(
        'entity_ref',
        refs.slice(i, i + CHUNK),
      )) {
        details.set(detail.entity_ref, detail);
      }
    }
    const restored = [];
    for (const row of rows) {
      const detail = details.get(row.entity_ref);
      if (detail && detail.fingerprint === row.fingerprint) {
        row.scorecard = detail.scorecard;
        restored.push(row);
      }
    }
    await updateRows(knex, restored, ['scorecard']);
  });
  // Never read since they were computed: scored again by the next full run.
  await knex('readiness_scorecards').whereNull('scorecard').delete();
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.dropColumn('checks');
  });
  await knex.schema.alterTable('readiness_scorecards', table => {
    table.text('scorecard').notNullable().alter();
  });
  await knex.schema.dropTable('readiness_scorecard_details');
};
