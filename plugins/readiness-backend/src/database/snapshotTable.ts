import { Rollup, ScoreSnapshot } from '@prodready/plugin-readiness-common';
import {
  RollupQuery,
  SnapshotEntity,
  SnapshotKind,
  StoreTransaction,
} from './ReadinessStore';
import { deleteSnapshotDay, listSnapshotDaysBefore } from './retentionQueries';
import { listRollupRows } from './rollupTable';
import { ColumnType, StoreDatabase } from './storeDatabase';
import { byLockOrder } from './serialisationLocks';

/** The snapshot days a full run wrote whole. */
const DAYS = 'readiness_snapshot_days';

const SNAPSHOT_COLUMNS: Record<string, ColumnType> = {
  day: 'text',
  subject_ref: 'text',
  subject_kind: 'text',
  parent_ref: 'text',
  title: 'text',
  score: 'real',
  level: 'text',
  data: 'text',
};

/**
 * Daily snapshots of every entity's score and level and of every rollup,
 * behind trends and `asOf` reads; thinned by retention tiers.
 */
export class SnapshotTable {
  constructor(private readonly store: StoreDatabase) {}

  async putSnapshots(
    tx: StoreTransaction,
    day: string,
    entities: SnapshotEntity[],
    rollups: Rollup[],
    options: { keepStored?: boolean } = {},
  ) {
    // One statement for both: a write snapshots its entity and its rollups.
    // Entities' lines in lock order: a write and a full run's page may both
    // write lines of entities the page holds no lock of.
    const lines: (SnapshotEntity | Rollup)[] = [
      ...[...entities].sort((a, b) => byLockOrder(a.ref, b.ref)),
      ...rollups,
    ];
    await this.store.upsert(
      tx,
      'readiness_snapshots',
      {
        columns: SNAPSHOT_COLUMNS,
        key: ['subject_ref', 'subject_kind', 'day'],
        keepStored: options.keepStored,
      },
      lines,
      line =>
        'aggregate' in line
          ? {
              day,
              subject_ref: line.ref,
              subject_kind: line.kind,
              parent_ref: line.parent ?? null,
              title: line.title ?? null,
              score: line.score,
              level: null,
              data: JSON.stringify(line),
            }
          : {
              day,
              subject_ref: line.ref,
              subject_kind: 'entity',
              parent_ref: line.owner ?? null,
              title: line.title ?? null,
              score: line.score,
              level: line.level,
              data: null,
            },
    );
  }

  /**
   * The newest complete snapshot day on or before `day`; without one, the
   * newest day at all (a write's lines before any full run).
   */
  async snapshotDayOnOrBefore(day: string) {
    const complete = await this.store
      .db(DAYS)
      .where('day', '<=', day)
      .max({ day: 'day' })
      .first();
    if (complete?.day) return complete.day as string;
    const row = await this.store
      .db('readiness_snapshots')
      .where('day', '<=', day)
      .max({ day: 'day' })
      .first();
    return row?.day ?? undefined;
  }

  /** Records that a full run wrote the snapshot of `day` whole. */
  async markSnapshotDayComplete(day: string) {
    await this.store.db(DAYS).insert({ day }).onConflict('day').ignore();
  }

  /** The complete snapshot days before `day`, oldest first. */
  async listCompleteSnapshotDaysBefore(day: string): Promise<string[]> {
    const rows: { day: string }[] = await this.store
      .db(DAYS)
      .where('day', '<', day)
      .orderBy('day')
      .select('day');
    return rows.map(row => row.day);
  }

  listRollupsAsOf(day: string, query: RollupQuery) {
    return listRollupRows(this.store.db, query, {
      table: 'readiness_snapshots',
      columns: { kind: 'subject_kind', ref: 'subject_ref', json: 'data' },
      where: { sql: 'day = ?', bindings: [day] },
    });
  }

  async getRollupAsOf(day: string, ref: string) {
    const row = await this.store
      .db('readiness_snapshots')
      .where({ day, subject_ref: ref })
      .whereNot('subject_kind', 'entity')
      .first();
    return row?.data ? (JSON.parse(row.data) as Rollup) : undefined;
  }

  async listEntitiesAsOf(
    day: string,
    owner: string,
    limit: number,
    offset: number,
  ) {
    const filter = { day, subject_kind: 'entity', parent_ref: owner };
    const [{ count }] = await this.store
      .db('readiness_snapshots')
      .where(filter)
      .count({ count: '*' });
    const rows = await this.store
      .db('readiness_snapshots')
      .where(filter)
      .orderByRaw('?? is null', ['score'])
      .orderBy('score', 'asc')
      .orderBy('subject_ref')
      .limit(limit)
      .offset(offset);
    return {
      items: rows.map(
        (row): SnapshotEntity => ({
          ref: row.subject_ref,
          owner: row.parent_ref ?? undefined,
          title: row.title ?? undefined,
          score: row.score === null ? null : Number(row.score),
          level: row.level,
        }),
      ),
      totalCount: Number(count),
    };
  }

  async getSnapshots(ref: string, kind: SnapshotKind, sinceDay: string) {
    const rows = await this.store
      .db('readiness_snapshots')
      .where({ subject_ref: ref, subject_kind: kind })
      .where('day', '>=', sinceDay)
      .orderBy('day', 'asc')
      .select('day', 'score', 'level');
    return rows.map(
      (row): ScoreSnapshot => ({
        day: row.day,
        score: row.score === null ? null : Number(row.score),
        level: row.level,
      }),
    );
  }

  listSnapshotDaysBefore(day: string) {
    return listSnapshotDaysBefore(this.store.db, day);
  }

  deleteSnapshotDay(day: string) {
    return deleteSnapshotDay(this.store.db, day);
  }
}
