import { StoreTransaction } from './ReadinessStore';
import { StoreDatabase } from './storeDatabase';

/** Small JSON values the backend keeps between runs (the last full run, watermarks). */
export class StateTable {
  constructor(private readonly store: StoreDatabase) {}

  async getState<T>(key: string) {
    const row = await this.store.db('readiness_state').where({ key }).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setState(key: string, value: unknown, tx?: StoreTransaction) {
    await this.store
      .on(tx)('readiness_state')
      .insert({ key, value: JSON.stringify(value) })
      .onConflict('key')
      .merge();
  }
}
