import type { Rollup, ScoreSnapshot } from '@prodready/plugin-readiness-common';
import type { RollupQuery, SnapshotEntity, SnapshotKind } from './storeRows';
import type { StoreTransaction } from './ReadinessStore';

/**
 * The store's daily snapshots: each day's lines of entities and rollups,
 * what the trend and `asOf` read, thinned as they age.
 */
export interface SnapshotStore {
  /**
   * The day's lines of entities and rollups; with `keepStored`, a line the
   * day already has stays as it is.
   */
  putSnapshots(
    tx: StoreTransaction,
    day: string,
    entities: SnapshotEntity[],
    rollups: Rollup[],
    options?: { keepStored?: boolean },
  ): Promise<void>;
  /**
   * The newest snapshot day on or before `day` that a full run wrote whole
   * ({@link SnapshotStore.markSnapshotDayComplete}); without one, the
   * newest day at all.
   */
  snapshotDayOnOrBefore(day: string): Promise<string | undefined>;
  /** Records that a full run wrote every line of `day`'s snapshot. */
  markSnapshotDayComplete(day: string): Promise<void>;
  /** The complete snapshot days before `day`, oldest first (for thinning). */
  listCompleteSnapshotDaysBefore(day: string): Promise<string[]>;
  listRollupsAsOf(
    day: string,
    query: RollupQuery,
  ): Promise<{ items: Rollup[]; totalCount: number }>;
  getRollupAsOf(day: string, ref: string): Promise<Rollup | undefined>;
  /** Entities owned by `owner` on a snapshot day. */
  listEntitiesAsOf(
    day: string,
    owner: string,
    limit: number,
    offset: number,
  ): Promise<{ items: SnapshotEntity[]; totalCount: number }>;
  getSnapshots(
    ref: string,
    kind: SnapshotKind,
    sinceDay: string,
  ): Promise<ScoreSnapshot[]>;
  /**
   * Level of each of `entityRefs` that has a line in the snapshot of `day`,
   * or its latest line from `day` to `upTo` when given.
   */
  getEntityLevelsAsOf(
    day: string,
    entityRefs: string[],
    upTo?: string,
  ): Promise<Map<string, string | null>>;
  /** Distinct snapshot days before `day`, oldest first (for thinning). */
  listSnapshotDaysBefore(day: string): Promise<string[]>;
  /** Deletes one snapshot day whole, in one transaction and statement. */
  deleteSnapshotDay(day: string): Promise<number>;
}
