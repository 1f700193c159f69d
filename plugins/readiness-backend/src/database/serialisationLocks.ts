import { Knex } from 'knex';

/** Keys per statement; the keys are sorted, so chunks keep the global order. */
const CHUNK = 100;

/**
 * The order in which a transaction takes the rows of several entities
 * (their lock keys, their stored scorecards): when every transaction takes
 * them in one order, none waits on another in a cycle. Writers and a full
 * run's pages take the entities' lock keys first, then their rows in this
 * order too.
 */
export function inLockOrder(refs: Iterable<string>): string[] {
  return [...new Set(refs)].sort(byLockOrder);
}

/** Compares two refs in lock order (see {@link inLockOrder}). */
export function byLockOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Serialises the writers of the same entities: takes the lock of every key
 * (an entity ref) until the transaction ends.
 *
 * A row that does not exist yet cannot be locked, so each key is upserted
 * into `readiness_locks`: the insert of a new key, or the update of an
 * existing one, holds the row on PostgreSQL until commit, and a concurrent
 * insert of the same new key waits on the first. Every writer takes its keys
 * in the same (sorted) order, so two writers never wait on each other in a
 * cycle. SQLite serialises writers anyway; there the upsert only makes the
 * transaction a writer before it reads. Works across backend instances that
 * share one database.
 *
 * Call it first in the transaction, before reading anything the writer
 * scores from: under READ COMMITTED, every statement after the lock sees
 * what the previous holder committed.
 */
export async function lockKeys(
  tx: Knex.Transaction,
  keys: Iterable<string>,
): Promise<void> {
  const sorted = inLockOrder(keys);
  const lockedAt = new Date().toISOString();
  for (let i = 0; i < sorted.length; i += CHUNK) {
    await tx('readiness_locks')
      .insert(
        sorted
          .slice(i, i + CHUNK)
          .map(key => ({ lock_key: key, locked_at: lockedAt })),
      )
      .onConflict('lock_key')
      .merge(['locked_at']);
  }
}

/**
 * Deletes the lock rows of keys not locked since `at`, so the table holds the
 * entities written lately, not every entity ever written. A writer holding a
 * key has just set its `locked_at`: on PostgreSQL the delete waits for it and
 * then sees the new time, and keeps the row; a writer locking a key the
 * delete removes inserts it again.
 */
export async function deleteLocksBefore(db: Knex, at: string) {
  return await db('readiness_locks').where('locked_at', '<', at).delete();
}
