import { Knex } from 'knex';
import { HistoryEntry } from '@prodready/plugin-readiness-common';
import {
  ChangedEntity,
  RECORD_TABLE_OF_SUBJECT,
  RecordTable,
} from './storeRows';
import { historyRow, toHistoryEntry } from './recordRows';
import { deleteHistoryBefore } from './retentionQueries';
import { chunks, StoreDatabase } from './storeDatabase';
import { StoreTransaction } from './ReadinessStore';

/** Nine columns a row: well below SQLite's variable limit. */
const HISTORY_ROWS_PER_STATEMENT = 100;

/** The history of what owners and services changed, newest entry last. */
export class HistoryTable {
  constructor(private readonly store: StoreDatabase) {}

  /** Records one change, in the transaction that made it. */
  async record(
    tx: Knex.Transaction,
    entry: Omit<HistoryEntry, 'id' | 'at'> & { at?: string },
  ) {
    await this.recordAll(tx, [entry]);
  }

  /** Records changes in order, a batch of rows a statement. */
  async recordAll(
    tx: Knex.Transaction,
    entries: (Omit<HistoryEntry, 'id' | 'at'> & { at?: string })[],
  ) {
    const at = this.store.now();
    for (const part of chunks(entries, HISTORY_ROWS_PER_STATEMENT)) {
      await tx('readiness_history').insert(
        part.map(entry => historyRow({ ...entry, at: entry.at ?? at })),
      );
    }
  }

  async getHistory(entityRef: string, limit: number) {
    const rows = await this.store
      .db('readiness_history')
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toHistoryEntry);
  }

  async historyWatermark(tx?: StoreTransaction) {
    const row = await this.store
      .on(tx)('readiness_history')
      .max({ id: 'id' })
      .first();
    return Number(row?.id ?? 0);
  }

  /**
   * The version a record's last history entry left it at (before a delete,
   * the deleted version), 0 when the history holds none.
   */
  async lastVersionOf(
    tx: Knex.Transaction,
    entityRef: string,
    subject: HistoryEntry['subject'],
    subjectId: string,
  ): Promise<number> {
    const row = await tx('readiness_history')
      .where({ entity_ref: entityRef, subject, subject_id: subjectId })
      .orderBy('id', 'desc')
      .first('before', 'after');
    const last = row && JSON.parse(row.after ?? row.before ?? 'null');
    return Number(last?.version ?? 0);
  }

  /** The id of the last committed history entry of each ref's `subjects`, 0 when none. */
  async historyWatermarkOf(
    parts: { ref: string; subjects: HistoryEntry['subject'][] }[],
  ) {
    const row = await this.store
      .db('readiness_history')
      .where(q => {
        for (const { ref, subjects } of parts) {
          q.orWhere(part =>
            part.where('entity_ref', ref).whereIn('subject', subjects),
          );
        }
      })
      .max({ id: 'id' })
      .first();
    return Number(row?.id ?? 0);
  }

  /**
   * Whether `ref` has history entries of `subjects` (and of `subjectIds`,
   * when given) after `watermark`, in `tx`.
   */
  async writtenSince(
    tx: Knex.Transaction,
    ref: string,
    watermark: number,
    subjects: HistoryEntry['subject'][],
    subjectIds?: string[],
  ) {
    let query = tx('readiness_history')
      .where('entity_ref', ref)
      .andWhere('id', '>', watermark)
      .whereIn('subject', subjects);
    if (subjectIds) query = query.whereIn('subject_id', subjectIds);
    return !!(await query.first('id'));
  }

  deleteHistoryBefore(at: string, batchSize: number) {
    return deleteHistoryBefore(this.store.db, at, batchSize);
  }

  /**
   * The entities written since `watermark`, with the tables written: the
   * history's entries after it, up to those there are when asked, a page of
   * entries at a time in id order, each page's refs once (an entity written
   * across pages comes again).
   */
  async *changedEntityPages(
    watermark: number,
    pageSize: number,
  ): AsyncGenerator<ChangedEntity[]> {
    const upTo = await this.historyWatermark();
    let after = watermark;
    while (after < upTo) {
      const rows: {
        id: number | string;
        entity_ref: string;
        subject: HistoryEntry['subject'];
      }[] = await this.store
        .db('readiness_history')
        .select('id', 'entity_ref', 'subject')
        .where('id', '>', after)
        .andWhere('id', '<=', upTo)
        .orderBy('id')
        .limit(pageSize);
      if (!rows.length) return;
      after = Number(rows[rows.length - 1].id);
      const tables = new Map<string, Set<RecordTable>>();
      for (const row of rows) {
        const written = tables.get(row.entity_ref) ?? new Set();
        written.add(RECORD_TABLE_OF_SUBJECT[row.subject]);
        tables.set(row.entity_ref, written);
      }
      yield [...tables].map(([ref, written]) => ({
        ref,
        tables: [...written],
      }));
    }
  }
}
