import { StoreTransaction } from './ReadinessStore';
import { lockKeys } from './serialisationLocks';
import { StoreDatabase } from './storeDatabase';

/** Small JSON values the backend keeps between runs (the last full run, watermarks). */
export class StateTable {
  constructor(private readonly store: StoreDatabase) {}

  async getState<T>(key: string) {
    const row = await this.store.db('readiness_state').where({ key }).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /**
   * Replaces a value by `update(old)`, taking turns with every other update
   * of the key on any backend instance (a lock row of its own, as a key
   * with no row yet cannot be locked), so no update is lost.
   */
  async updateState<T>(key: string, update: (old: T | undefined) => T) {
    await this.store.db.transaction(async tx => {
      await lockKeys(tx, [`readiness-state-${key}`]);
      const row = await tx('readiness_state').where({ key }).first();
      const value = update(row ? (JSON.parse(row.value) as T) : undefined);
      await tx('readiness_state')
        .insert({ key, value: JSON.stringify(value) })
        .onConflict('key')
        .merge();
    });
  }

  async setState(key: string, value: unknown, tx?: StoreTransaction) {
    await this.store
      .on(tx)('readiness_state')
      .insert({ key, value: JSON.stringify(value) })
      .onConflict('key')
      .merge();
  }
}
