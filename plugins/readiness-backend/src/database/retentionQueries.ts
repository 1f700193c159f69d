import { Knex } from 'knex';

/*
 * The deletes behind snapshot thinning and history pruning, kept out of the
 * store so that its file stays readable. Plain knex that both SQLite and
 * PostgreSQL run.
 */

/**
 * Distinct snapshot days before `day`, oldest first. A recursive query that
 * jumps from one day to the next through the day index (a loose index scan),
 * so it costs one index probe per day, not a read of every row.
 */
export async function listSnapshotDaysBefore(
  db: Knex,
  day: string,
): Promise<string[]> {
  const result = await db.raw(
    `WITH RECURSIVE days(day) AS (
       SELECT MIN(day) FROM readiness_snapshots WHERE day < ?
       UNION ALL
       SELECT (SELECT MIN(s.day) FROM readiness_snapshots s
               WHERE s.day > days.day AND s.day < ?)
       FROM days WHERE days.day IS NOT NULL
     )
     SELECT day FROM days WHERE day IS NOT NULL ORDER BY day`,
    [day, day],
  );
  const rows: Array<{ day: string }> = Array.isArray(result)
    ? result
    : result.rows;
  return rows.map(row => row.day);
}

/**
 * Deletes every row of one snapshot day, in one transaction (an `asOf` never
 * sees half a day) and one statement: in batches inside one transaction,
 * each batch's query would walk again the index entries of the rows the
 * ones before it deleted, which stay until the transaction commits.
 */
export function deleteSnapshotDay(db: Knex, day: string): Promise<number> {
  return db.transaction(async tx => {
    const deleted = await tx('readiness_snapshots').where('day', day).delete();
    await tx('readiness_snapshot_days').where('day', day).delete();
    return deleted;
  });
}

/**
 * Exemptions that are over: rejected before `at` (ISO), or whose end was
 * recorded and whose end day is before `day` (YYYY-MM-DD). An open one
 * (pending, or approved and not ended) never is, whatever its dates.
 */
const exemptionsOver =
  ({ at, day }: { at: string; day: string }) =>
  (q: Knex.QueryBuilder) =>
    q
      .where(rejected =>
        rejected.where('status', 'rejected').where('decided_at', '<', at),
      )
      .orWhere(ended =>
        ended.whereNotNull('end_recorded_at').where('ends_on', '<', day),
      );

/** The ids of up to `limit` exemptions over before `before` (see {@link exemptionsOver}). */
export async function findExemptionsOver(
  db: Knex,
  before: { at: string; day: string },
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await db('readiness_exemptions')
    .where(exemptionsOver(before))
    .select('id')
    .limit(limit);
  return rows.map(row => row.id);
}

/**
 * Deletes those of `ids` that are over before `before`, checked again in
 * the delete: one reopened meanwhile (by a restore) stays. Returns how many
 * went.
 */
export function deleteExemptionsOver(
  db: Knex,
  ids: string[],
  before: { at: string; day: string },
): Promise<number> {
  return db('readiness_exemptions')
    .whereIn('id', ids)
    .where(exemptionsOver(before))
    .delete();
}

/**
 * Deletes the oldest history entries (by id) whose `at` is before `at`, up to
 * `batchSize` of them; stops at the first entry that is not. Reads only the
 * first `batchSize` ids, so it costs the same however long the history is.
 */
export async function deleteHistoryBefore(
  db: Knex,
  at: string,
  batchSize: number,
): Promise<number> {
  const oldest = await db('readiness_history')
    .select('at')
    .orderBy('id', 'asc')
    .first();
  if (!oldest || oldest.at >= at) return 0;
  const rows = await db('readiness_history')
    .select('id', 'at')
    .orderBy('id', 'asc')
    .limit(batchSize);
  let last: number | undefined;
  for (const row of rows) {
    if (row.at >= at) break;
    last = Number(row.id);
  }
  if (last === undefined) return 0;
  return db('readiness_history').where('id', '<=', last).delete();
}
