import { ReadinessAnswer } from '@prodready/plugin-readiness-common';
import { HistoryTable } from './historyTable';
import { PushedResult, RefSelection, StoreTransaction } from './ReadinessStore';
import {
  chunks,
  groupBy,
  knexOf,
  rowsOfRefs,
  StoreDatabase,
} from './storeDatabase';

/** Seven columns a row: well below SQLite's variable limit. */
const RESULT_ROWS_PER_STATEMENT = 100;

/** Whether `next`, pushed by `actor`, says what `before` said. */
function sameResult(
  before: ReadinessAnswer,
  next: PushedResult,
  actor: string,
): boolean {
  return (
    before.status === next.status &&
    (before.evidenceUrl ?? null) === (next.evidenceUrl ?? null) &&
    (before.note ?? null) === (next.note ?? null) &&
    before.answeredBy === actor
  );
}

/** Automatic results that services push through `POST /results`; the latest per check wins. */
export class PushedResults {
  constructor(
    private readonly store: StoreDatabase,
    private readonly history: HistoryTable,
  ) {}

  async getResults(entities: RefSelection, tx?: StoreTransaction) {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<any>(entities, () => db('readiness_results'));
    const results = rows.map(row => {
      const answer: ReadinessAnswer & { entityRef: string } = {
        entityRef: row.entity_ref,
        checkId: row.check_id,
        status: row.status,
        source: 'automatic',
        answeredBy: row.reported_by,
        answeredAt: row.reported_at,
      };
      if (row.evidence_url) answer.evidenceUrl = row.evidence_url;
      if (row.note) answer.note = row.note;
      return answer;
    });
    return groupBy(results, r => r.entityRef) as Map<string, ReadinessAnswer[]>;
  }

  async putResults(
    tx: StoreTransaction,
    results: PushedResult[],
    actor: string,
  ) {
    const at = this.store.now();
    const existing = await this.getResults(
      results.map(r => r.entityRef),
      tx,
    );
    // The last result for an entity's check wins, as if pushed one by one.
    const latest = [
      ...new Map(
        results.map(r => [`${r.entityRef}\n${r.checkId}`, r]),
      ).values(),
    ];
    for (const part of chunks(latest, RESULT_ROWS_PER_STATEMENT)) {
      await knexOf(tx)('readiness_results')
        .insert(
          part.map(result => ({
            entity_ref: result.entityRef,
            check_id: result.checkId,
            status: result.status,
            evidence_url: result.evidenceUrl ?? null,
            note: result.note ?? null,
            reported_by: actor,
            reported_at: at,
          })),
        )
        .onConflict(['entity_ref', 'check_id'])
        .merge();
    }
    // A pipeline pushes on every build: a result sent again as it was
    // renews its date (on the result and the scorecard) but is no change
    // for the history, which would otherwise grow by every build.
    const changes = latest.flatMap(result => {
      const before = existing
        .get(result.entityRef)
        ?.find(r => r.checkId === result.checkId);
      if (before && sameResult(before, result, actor)) return [];
      return [
        {
          entityRef: result.entityRef,
          subject: 'result' as const,
          subjectId: result.checkId,
          action: 'set' as const,
          before: before ?? null,
          after: { ...result, answeredBy: actor, answeredAt: at },
          actor,
          at,
        },
      ];
    });
    await this.history.recordAll(knexOf(tx), changes);
  }

  async deleteResults(
    tx: StoreTransaction,
    entityRef: string,
    checkIds: string[] | undefined,
    actor: string,
  ) {
    const before = (
      (await this.getResults([entityRef], tx)).get(entityRef) ?? []
    )
      .filter(r => !checkIds || checkIds.includes(r.checkId))
      .sort((a, b) => a.checkId.localeCompare(b.checkId));
    const at = this.store.now();
    let deleted = 0;
    for (const result of before) {
      // Recorded only if this transaction removed it (not a concurrent one).
      const removed = await knexOf(tx)('readiness_results')
        .where({ entity_ref: entityRef, check_id: result.checkId })
        .delete();
      if (!removed) continue;
      deleted++;
      await this.history.record(knexOf(tx), {
        entityRef,
        subject: 'result',
        subjectId: result.checkId,
        action: 'delete',
        before: result,
        after: null,
        actor,
        at,
      });
    }
    return deleted;
  }
}
