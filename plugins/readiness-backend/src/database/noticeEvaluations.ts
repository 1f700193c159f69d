import { chunks, StoreDatabase } from './storeDatabase';

/** See migrations/20261220000000_notice_evaluations.js. */
export const NOTICE_EVALUATIONS = 'readiness_notice_evaluations';

/** An entity's stored scorecard and last complete notices evaluation. */
export interface StoredEvaluation {
  /** The stored scorecard row's fingerprint. */
  fingerprint: string;
  key?: string;
  /** From then (ISO) the clock may change its notices; the day's end otherwise. */
  validUntil?: string;
}

/** Four columns a row: well below SQLite's variable limit. */
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
   * scorecard row, and the last evaluation's key, if one is kept, with the
   * instant (ISO) from which the clock may change its notices.
   */
  async getEvaluations(
    entityRefs: string[],
  ): Promise<Map<string, StoredEvaluation>> {
    const evaluations = new Map<string, StoredEvaluation>();
    for (const part of chunks(entityRefs)) {
      const rows: {
        entity_ref: string;
        fingerprint: string;
        evaluation_key: string | null;
        valid_until: string | null;
      }[] = await this.store
        .db('readiness_scorecards as s')
        .leftJoin(`${NOTICE_EVALUATIONS} as e`, 'e.entity_ref', 's.entity_ref')
        .whereIn('s.entity_ref', part)
        .select(
          's.entity_ref',
          's.fingerprint',
          'e.evaluation_key',
          'e.valid_until',
        );
      for (const row of rows) {
        const evaluation: StoredEvaluation = { fingerprint: row.fingerprint };
        if (row.evaluation_key) evaluation.key = row.evaluation_key;
        if (row.valid_until) evaluation.validUntil = row.valid_until;
        evaluations.set(row.entity_ref, evaluation);
      }
    }
    return evaluations;
  }

  /**
   * Keeps the keys of entities evaluated at `evaluatedAt`, replacing older
   * ones; a later evaluation's key (another instance's pass that overlapped
   * this one) stays.
   */
  async putKeys(
    keys: ReadonlyMap<string, { key: string; validUntil?: string }>,
    evaluatedAt: string,
  ) {
    for (const part of chunks([...keys], ROWS_PER_STATEMENT)) {
      await this.store
        .db(NOTICE_EVALUATIONS)
        .insert(
          part.map(([entityRef, { key, validUntil }]) => ({
            entity_ref: entityRef,
            evaluation_key: key,
            evaluated_at: evaluatedAt,
            valid_until: validUntil ?? null,
          })),
        )
        .onConflict('entity_ref')
        .merge(['evaluation_key', 'evaluated_at', 'valid_until'])
        .where(
          `${NOTICE_EVALUATIONS}.evaluated_at`,
          '<=',
          this.store.db.raw('excluded.??', ['evaluated_at']),
        );
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
