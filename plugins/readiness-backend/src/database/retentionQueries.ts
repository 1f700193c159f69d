import { Knex } from 'knex';

/*
 * The deletes behind snapshot thinning and history pruning, kept out of the
 * store so that its file stays readable. Plain knex that both SQLite and
 * PostgreSQL run.
 */

/** Distinct snapshot days before `day`, oldest first. */
export async function listSnapshotDaysBefore(
  db: Knex,
  day: string,
): Promise<string[]> {
  const rows = await db('readiness_snapshots')
    .distinct('day')
    .where('day', '<', day)
    .orderBy('day', 'asc');
  return rows.map(row => row.day as string);
}

/**
 * Deletes every row of one snapshot day, in one transaction (an `asOf` never
 * sees half a day), in statements of at most about `batchSize` rows.
 */
export function deleteSnapshotDay(
  db: Knex,
  day: string,
  batchSize: number,
): Promise<number> {
  return db.transaction(async tx => {
    let deleted = 0;
    for (;;) {
      const n = await tx('readiness_snapshots')
        .where('day', day)
        .whereIn(
          'subject_ref',
          tx('readiness_snapshots')
            .select('subject_ref')
            .where('day', day)
            .limit(batchSize),
        )
        .delete();
      deleted += n;
      if (n < batchSize) return deleted;
    }
  });
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
