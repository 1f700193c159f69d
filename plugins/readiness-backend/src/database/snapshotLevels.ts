import { chunks, StoreDatabase } from './storeDatabase';

/** The levels entities had on a snapshot day, read for the notices of a level drop. */
export class SnapshotLevels {
  constructor(private readonly store: StoreDatabase) {}

  /**
   * Level (null: below the lowest) of each of `entityRefs` with a line on
   * `day`, or on its latest line from `day` to `upTo` when given: the days
   * after a complete day hold the lines of the entities written then.
   */
  async getEntityLevelsAsOf(
    day: string,
    entityRefs: string[],
    upTo = day,
  ): Promise<Map<string, string | null>> {
    const levels = new Map<string, string | null>();
    for (const part of chunks(entityRefs)) {
      const rows = await this.store
        .db('readiness_snapshots')
        .where({ subject_kind: 'entity' })
        .whereIn('subject_ref', part)
        .whereBetween('day', [day, upTo])
        .orderBy('day')
        .select('subject_ref', 'level');
      for (const row of rows) levels.set(row.subject_ref, row.level ?? null);
    }
    return levels;
  }
}
