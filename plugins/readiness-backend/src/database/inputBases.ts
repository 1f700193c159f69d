import { BasisToKeep, StoreTransaction } from './ReadinessStore';
import { basisJson } from './storedBasis';
import { chunks, knexOf, StoreDatabase } from './storeDatabase';

/**
 * The input bases kept with stored scorecards: what a full run with nothing
 * changed decides by without reading an entity's body, and the record
 * tables a first read trusts.
 */
export class InputBases {
  constructor(private readonly store: StoreDatabase) {}

  async put(tx: StoreTransaction, bases: Map<string, BasisToKeep>) {
    // This fills in rows stored before the column, once after an upgrade:
    // a statement per chunk (a CASE on the ref), not one per row.
    const db = knexOf(tx);
    for (const part of chunks([...bases], 250)) {
      const refs = await this.rowsNotHeld(
        tx,
        part.map(([ref]) => ref),
      );
      const filled = part.filter(([ref]) => refs.has(ref));
      if (!filled.length) continue;
      await db('readiness_scorecards')
        .whereIn(
          'entity_ref',
          filled.map(([ref]) => ref),
        )
        .update({
          // Only a row with the input fingerprint the basis was taken for:
          // a write since replaced the row, and its basis is not this one.
          input_basis: db.raw(
            `case ${filled
              .map(() => 'when entity_ref = ? and input_fingerprint = ? then ?')
              .join(' ')} else input_basis end`,
            filled.flatMap(([ref, kept]) => [
              ref,
              kept.inputFingerprint,
              basisJson(kept.inputBasis, kept.inputRecords),
            ]),
          ),
        });
    }
  }

  /**
   * Those of `refs` whose rows no other transaction holds, now locked. A
   * fill of bases is best effort and leaves the others to a later run: an
   * update waiting for them, holding rows it took in the order of its scan,
   * could deadlock with a write taking them in lock order, and PostgreSQL
   * may abort the write. Skipping them, it never waits.
   */
  private async rowsNotHeld(tx: StoreTransaction, refs: string[]) {
    if (!this.store.supportsRowLocks) return new Set(refs);
    const rows: string[] = await knexOf(tx)('readiness_scorecards')
      .whereIn('entity_ref', refs)
      .forUpdate()
      .skipLocked()
      .pluck('entity_ref');
    return new Set(rows);
  }

  async forgetRecordTables(tx: StoreTransaction, watermark: number) {
    const db = knexOf(tx);
    // Only the entities whose records changed, and the parts of Systems
    // whose records changed: not every row of the organisation, under the
    // import's lock, for an import of a few records.
    const changed = db('readiness_history')
      .where('id', '>', watermark)
      .select('entity_ref');
    // The basis stays (a run with nothing changed reads no body); only the
    // tables a first read would trust go, until the next run names them.
    await db('readiness_scorecards')
      .whereNotNull('input_basis')
      .where(qb =>
        qb
          .whereIn('entity_ref', changed.clone())
          .orWhereIn('system_ref', changed.clone()),
      )
      .update({
        input_basis: db.raw(
          this.store.isPostgres
            ? `(input_basis::jsonb - 'records')::text`
            : `json_remove(input_basis, '$.records')`,
        ),
      });
  }
}
