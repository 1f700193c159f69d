import { Knex } from 'knex';
import { HistoryEntry } from '@prodready/plugin-readiness-common';
import { historyRow, toHistoryEntry } from './recordRows';
import { deleteHistoryBefore } from './retentionQueries';
import { chunks, StoreDatabase } from './storeDatabase';

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

  async historyWatermark() {
    const row = await this.store
      .db('readiness_history')
      .max({ id: 'id' })
      .first();
    return Number(row?.id ?? 0);
  }

  deleteHistoryBefore(at: string, batchSize: number) {
    return deleteHistoryBefore(this.store.db, at, batchSize);
  }

  async entitiesChangedSince(watermark: number) {
    const rows = await this.store
      .db('readiness_history')
      .distinct('entity_ref')
      .where('id', '>', watermark);
    return rows.map(r => r.entity_ref as string);
  }
}
