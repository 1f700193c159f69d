import { ReadinessAnswer } from '@prodready/plugin-readiness-common';
import { HistoryTable } from './historyTable';
import { PushedResult, RefSelection, StoreTransaction } from './ReadinessStore';
import { groupBy, knexOf, rowsOfRefs, StoreDatabase } from './storeDatabase';

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
    for (const result of results) {
      const before = existing
        .get(result.entityRef)
        ?.find(r => r.checkId === result.checkId);
      const row = {
        entity_ref: result.entityRef,
        check_id: result.checkId,
        status: result.status,
        evidence_url: result.evidenceUrl ?? null,
        note: result.note ?? null,
        reported_by: actor,
        reported_at: at,
      };
      await knexOf(tx)('readiness_results')
        .insert(row)
        .onConflict(['entity_ref', 'check_id'])
        .merge();
      await this.history.record(knexOf(tx), {
        entityRef: result.entityRef,
        subject: 'result',
        subjectId: result.checkId,
        action: 'set',
        before: before ?? null,
        after: { ...result, answeredBy: actor, answeredAt: at },
        actor,
        at,
      });
    }
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
