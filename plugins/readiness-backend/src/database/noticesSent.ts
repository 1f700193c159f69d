import { chunks, StoreDatabase } from './storeDatabase';
import { NOTICE_EVALUATIONS } from './noticeEvaluations';

/**
 * What makes a notice the same notice: its kind, its scope (what it is
 * about) and its period (what makes a repeat new, e.g. an answer's expiry
 * date). See migrations/20261205100000_notices_sent.js.
 */
export interface NoticeKey {
  kind: string;
  scope: string;
  period: string;
}

/** Notices of `kinds` not found since `checkedBefore` are forgotten. */
export interface UnfoundCutoff {
  kinds: string[];
  checkedBefore: string;
}

/** A notice found by an evaluation, with the entity it is about. */
export interface FoundNotice extends NoticeKey {
  entityRef: string;
}

const TABLE = 'readiness_notices_sent';

/** Five columns a row: well below SQLite's variable limit. */
const ROWS_PER_STATEMENT = 100;

/** The notices sent whose condition still holds. */
export class NoticesSent {
  constructor(private readonly store: StoreDatabase) {}

  /** The ones of `keys` that were sent and still hold. */
  async getSentNotices(keys: NoticeKey[]): Promise<NoticeKey[]> {
    const found: NoticeKey[] = [];
    for (const part of chunks(keys, ROWS_PER_STATEMENT)) {
      const rows = await this.store
        .db(TABLE)
        .select('kind', 'scope', 'period')
        .whereIn(
          ['kind', 'scope', 'period'],
          part.map(k => [k.kind, k.scope, k.period]),
        );
      found.push(...rows);
    }
    return found;
  }

  /**
   * Records `keys` as found by the evaluation at `checkedAt`: new ones as
   * sent then, known ones keep when they were sent, and a later evaluation's
   * `checkedAt` (another instance's pass that overlapped this one).
   */
  async markNoticesCurrent(keys: FoundNotice[], checkedAt: string) {
    // PostgreSQL refuses a statement that upserts one row twice.
    const unique = new Map(keys.map(k => [JSON.stringify(k), k]));
    for (const part of chunks([...unique.values()], ROWS_PER_STATEMENT)) {
      await this.store
        .db(TABLE)
        .insert(
          part.map(k => ({
            kind: k.kind,
            scope: k.scope,
            period: k.period,
            entity_ref: k.entityRef,
            sent_at: checkedAt,
            checked_at: checkedAt,
          })),
        )
        .onConflict(['kind', 'scope', 'period'])
        .merge({
          checked_at: this.store.later(TABLE, 'checked_at'),
          entity_ref: this.store.db.raw('excluded.??', ['entity_ref']),
        });
    }
  }

  /**
   * Starts the time kept unfound of the notices of `kinds` about
   * `entityRefs` that their evaluation at `checkedAt` did not find again
   * (those it found are recorded at `checkedAt`) and that the entities' last
   * key held: while it was kept they held without being written. Set to
   * just before `checkedAt`; call it before the new keys are put.
   */
  async restartUnfoundTime(
    entityRefs: string[],
    kinds: string[],
    checkedAt: string,
  ) {
    if (!kinds.length) return;
    const { db } = this.store;
    const justBefore = new Date(Date.parse(checkedAt) - 1).toISOString();
    for (const part of chunks(entityRefs)) {
      await db(TABLE)
        .whereIn('entity_ref', part)
        .whereIn('kind', kinds)
        .where('checked_at', '<', justBefore)
        .whereExists(
          db(`${NOTICE_EVALUATIONS} as e`)
            .select(db.raw('1'))
            .whereRaw(`e.entity_ref = ${TABLE}.entity_ref`)
            .whereRaw(`e.evaluated_at <= ${TABLE}.checked_at`),
        )
        .update({ checked_at: justBefore });
    }
  }

  /**
   * Keeps the notices about `entityRefs` as if the evaluation at `checkedAt`
   * had found them: it could not evaluate those entities. A later
   * evaluation's check stays.
   */
  async keepNoticesOf(entityRefs: string[], checkedAt: string) {
    for (const part of chunks(entityRefs, ROWS_PER_STATEMENT)) {
      await this.store
        .db(TABLE)
        .whereIn('entity_ref', part)
        .where('checked_at', '<', checkedAt)
        .update({ checked_at: checkedAt });
    }
  }

  /**
   * Forgets the notices that no evaluation found since their kind's
   * `checkedBefore`: their condition cleared, or their entity left. A notice
   * that the last evaluation of its entity found is kept while that
   * evaluation's key is ({@link NoticeEvaluations}): the sweep did not
   * evaluate the entity again as nothing it depends on changed. One
   * statement for every kind: nearly every notice is older than its cut-off
   * (an entity kept is not written), so each statement reads them all.
   * Returns how many.
   */
  async deleteUnfoundNotices(cutoffs: UnfoundCutoff[]): Promise<number> {
    const kept = cutoffs.filter(cutoff => cutoff.kinds.length);
    if (!kept.length) return 0;
    const { db } = this.store;
    return db(TABLE)
      .where(unfound => {
        for (const { kinds, checkedBefore } of kept) {
          unfound.orWhere(cutoff =>
            cutoff
              .whereIn('kind', kinds)
              .andWhere('checked_at', '<', checkedBefore),
          );
        }
      })
      .whereNotExists(
        db(`${NOTICE_EVALUATIONS} as e`)
          .select(db.raw('1'))
          .whereRaw(`e.entity_ref = ${TABLE}.entity_ref`)
          .whereRaw(`e.evaluated_at <= ${TABLE}.checked_at`),
      )
      .delete();
  }
}
