import { chunks, StoreDatabase } from './storeDatabase';

/** See migrations/20261220000000_notice_evaluations.js. */
export const NOTICE_EVALUATIONS = 'readiness_notice_evaluations';

/** Three columns a row: well below SQLite's variable limit. */
const ROWS_PER_STATEMENT = 100;

/**
 * The key of each entity's last complete notices evaluation. The notices
 * that evaluation found (recorded at or after its `evaluated_at`) stay
 * current while the key is kept ({@link NoticesSent}'s forgetting leaves
 * them), so a sweep that finds the same key writes nothing for the entity.
 * An entity evaluated again gets a new key or loses its key, and so does
 * one a pass could not evaluate or that is gone.
 */
export class NoticeEvaluations {
  constructor(private readonly store: StoreDatabase) {}

  /**
   * Those of `entityRefs` with a stored scorecard: the fingerprint of the
   * scorecard row, and the key of the last evaluation, if one is kept.
   */
  async getBases(
    entityRefs: string[],
  ): Promise<Map<string, { fingerprint: string; key?: string }>> {
    const bases = new Map<string, { fingerprint: string; key?: string }>();
    for (const part of chunks(entityRefs)) {
      const rows: {
        entity_ref: string;
        fingerprint: string;
        evaluation_key: string | null;
      }[] = await this.store
        .db('readiness_scorecards as s')
        .leftJoin(`${NOTICE_EVALUATIONS} as e`, 'e.entity_ref', 's.entity_ref')
        .whereIn('s.entity_ref', part)
        .select('s.entity_ref', 's.fingerprint', 'e.evaluation_key');
      for (const row of rows) {
        bases.set(row.entity_ref, {
          fingerprint: row.fingerprint,
          ...(row.evaluation_key ? { key: row.evaluation_key } : {}),
        });
      }
    }
    return bases;
  }

  /** Keeps the keys of entities evaluated at `evaluatedAt`, replacing older ones. */
  async putKeys(keys: ReadonlyMap<string, string>, evaluatedAt: string) {
    for (const part of chunks([...keys], ROWS_PER_STATEMENT)) {
      await this.store
        .db(NOTICE_EVALUATIONS)
        .insert(
          part.map(([entityRef, key]) => ({
            entity_ref: entityRef,
            evaluation_key: key,
            evaluated_at: evaluatedAt,
          })),
        )
        .onConflict('entity_ref')
        .merge(['evaluation_key', 'evaluated_at']);
    }
  }

  /** Forgets the keys of `entityRefs`: they are evaluated in full next time. */
  async deleteKeys(entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await this.store
        .db(NOTICE_EVALUATIONS)
        .whereIn('entity_ref', part)
        .delete();
    }
  }

  /** Forgets the keys of entities that no longer have a scorecard. Returns how many. */
  async deleteKeysOfGone(): Promise<number> {
    return this.store
      .db(NOTICE_EVALUATIONS)
      .whereNotExists(
        this.store
          .db('readiness_scorecards as s')
          .select(this.store.db.raw('1'))
          .whereRaw(`s.entity_ref = ${NOTICE_EVALUATIONS}.entity_ref`),
      )
      .delete();
  }
}
