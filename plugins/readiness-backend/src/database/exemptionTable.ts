import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'crypto';
import {
  ReadinessExemption,
  exemptionOpen,
} from '@prodready/plugin-readiness-common';
import {
  ExemptionRow,
  fromExemption,
  HistoryAction,
  historyEntry,
  toExemption,
} from './exemptionRows';
import { HistoryTable } from './historyTable';
import { deleteExemptionsOver, findExemptionsOver } from './retentionQueries';
import { RecordTable, replaceRecords } from './replaceRecords';
import { RefSelection, StoreTransaction } from './ReadinessStore';
import {
  chunks,
  groupBy,
  keysetPages,
  knexOf,
  rowsOfRefs,
  StoreDatabase,
} from './storeDatabase';

const TABLE = 'readiness_exemptions';

const EXEMPTIONS: RecordTable<ExemptionRow, ReadinessExemption> = {
  table: TABLE,
  key: ['id'],
  keyOf: e => e.id,
  toRecord: toExemption,
  fromRecord: fromExemption,
};
/**
 * Ends recorded per transaction: each claimed by the update that sets its
 * `end_recorded_at`, so sweeps running at once record each end once.
 */
const ENDS_PER_TRANSACTION = 100;

/** What a request stores; the rest is filled in. */
export type ExemptionInput = Pick<
  ReadinessExemption,
  'checkId' | 'reasonCode' | 'reasonText' | 'endsOn'
>;

/** The statuses of an exemption until its end is recorded. */
const OPEN_STATUSES = ['pending', 'approved'];

/**
 * Pending, or approved, and its end not yet recorded: what scoring reads. A
 * request still pending on its end day lapses: its end is recorded too.
 */
const open = (q: Knex.QueryBuilder) =>
  q.whereIn('status', OPEN_STATUSES).whereNull('end_recorded_at');

/**
 * Exemptions (waivers) of checks: requests, decisions and recorded ends,
 * each change in the history. At most one open exemption (pending, or
 * approved and not ended) per entity and check; callers hold the entity's
 * lock (writes go through a recomputation, which takes it).
 */
export class ExemptionTable {
  constructor(
    private readonly store: StoreDatabase,
    private readonly history: HistoryTable,
  ) {}

  /** The open exemptions of each entity (pending, or approved and their end not recorded). */
  async getOpenExemptions(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, ReadinessExemption[]>> {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<ExemptionRow>(entities, () =>
      db(TABLE).where(open).orderBy('requested_at'),
    );
    return groupBy(rows.map(toExemption), e => e.entityRef);
  }

  /** Every exemption of each entity, whatever its status, oldest request first. */
  async getExemptions(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, ReadinessExemption[]>> {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<ExemptionRow>(entities, () =>
      db(TABLE).orderBy('requested_at'),
    );
    return groupBy(rows.map(toExemption), e => e.entityRef);
  }

  /** Every exemption of an entity, newest request first. */
  async listExemptions(entityRef: string): Promise<ReadinessExemption[]> {
    const rows = await this.store
      .db<ExemptionRow>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('requested_at', 'desc')
      .limit(500);
    return rows.map(toExemption);
  }

  async getExemption(
    id: string,
    tx?: StoreTransaction,
  ): Promise<ReadinessExemption | undefined> {
    const row = await this.store
      .on(tx)<ExemptionRow>(TABLE)
      .where({ id })
      .first();
    return row ? toExemption(row) : undefined;
  }

  /**
   * The exemptions of each entity the notices look at: open ones, and
   * those decided since `since` (ISO).
   */
  async getNoticeExemptions(
    entityRefs: string[],
    since: string,
  ): Promise<Map<string, ReadinessExemption[]>> {
    const rows: ExemptionRow[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      rows.push(
        ...(await this.store
          .db<ExemptionRow>(TABLE)
          .whereIn('entity_ref', part)
          .where(q => open(q).orWhere('decided_at', '>=', since))
          .orderBy('requested_at')),
      );
    }
    return groupBy(rows.map(toExemption), e => e.entityRef);
  }

  /** Records a request; a ConflictError when the check has an open exemption. */
  async requestExemption(
    transaction: StoreTransaction,
    entityRef: string,
    input: ExemptionInput,
    actor: string,
  ): Promise<ReadinessExemption> {
    const tx = knexOf(transaction);
    const existing = await tx<ExemptionRow>(TABLE)
      .where({ entity_ref: entityRef, check_id: input.checkId })
      .where(open)
      .first();
    if (existing) {
      throw Object.assign(
        new ConflictError(
          `${input.checkId} of ${entityRef} already has ${
            existing.status === 'pending'
              ? 'a pending exemption request'
              : 'an approved exemption'
          } (until ${existing.ends_on})`,
        ),
        { current: toExemption(existing) },
      );
    }
    const exemption: ReadinessExemption = {
      id: randomUUID(),
      entityRef,
      ...input,
      status: 'pending',
      requestedBy: actor,
      requestedAt: this.store.now(),
      version: 1,
    };
    await tx(TABLE).insert({
      id: exemption.id,
      entity_ref: entityRef,
      check_id: input.checkId,
      reason_code: input.reasonCode,
      reason_text: input.reasonText,
      ends_on: input.endsOn,
      status: 'pending',
      requested_by: actor,
      requested_at: exemption.requestedAt,
      version: 1,
    });
    await this.record(tx, 'request', null, exemption, actor);
    return exemption;
  }

  /**
   * Approves or rejects a pending exemption if `expectedVersion` is the
   * one stored; a ConflictError (with the current exemption) otherwise.
   */
  async decideExemption(
    transaction: StoreTransaction,
    id: string,
    decision: 'approved' | 'rejected',
    actor: string,
    expectedVersion: number,
    note?: string,
  ): Promise<ReadinessExemption> {
    const tx = knexOf(transaction);
    const before = await this.getExemption(id, transaction);
    if (!before) throw new NotFoundError(`There is no exemption ${id}`);
    if (
      before.status === 'pending' &&
      !exemptionOpen(before, Date.parse(this.store.now()))
    ) {
      throw Object.assign(
        new ConflictError(
          `The exemption request lapsed undecided on ${before.endsOn}; request a new one`,
        ),
        { current: before },
      );
    }
    if (before.status !== 'pending' || before.version !== expectedVersion) {
      throw Object.assign(
        new ConflictError(
          before.status !== 'pending'
            ? `The exemption was ${before.status} already`
            : `The exemption was changed by someone else (you saw version ${expectedVersion}, the current version is ${before.version}); reload and decide again`,
        ),
        { current: before },
      );
    }
    const after: ReadinessExemption = {
      ...before,
      status: decision,
      decidedBy: actor,
      decidedAt: this.store.now(),
      version: before.version + 1,
    };
    if (note) after.decisionNote = note;
    // Not once its end is recorded: the sweep claims a lapsed request
    // without a new version, and may have done so since the read above.
    const changed = await tx(TABLE)
      .where({ id, version: expectedVersion })
      .whereNull('end_recorded_at')
      .update({
        status: decision,
        decided_by: actor,
        decided_at: after.decidedAt,
        decision_note: note ?? null,
        version: after.version,
      });
    if (changed !== 1) {
      const current = await this.getExemption(id, transaction);
      throw Object.assign(
        new ConflictError(
          current?.endRecordedAt
            ? `The exemption request lapsed undecided on ${before.endsOn}; request a new one`
            : 'The exemption was changed by someone else',
        ),
        { current },
      );
    }
    await this.record(
      tx,
      decision === 'approved' ? 'approve' : 'reject',
      before,
      after,
      actor,
    );
    return after;
  }

  /**
   * Records the end of every open exemption (approved, or a request still
   * pending, which lapses) whose end day is on or before `today`
   * (YYYY-MM-DD) and was not recorded yet, in the history; returns them,
   * at most 1,000 a call, those that ended first. `of` limits it to one
   * entity's check. Safe to run from several places: a row is claimed by
   * the update that sets `end_recorded_at`.
   */
  async recordEndedExemptions(
    today: string,
    actor: string,
    of?: { entityRef: string; checkId: string },
  ): Promise<ReadinessExemption[]> {
    let query = this.store
      .db<ExemptionRow>(TABLE)
      .where(open)
      .where('ends_on', '<=', today);
    if (of) {
      query = query.where({ entity_ref: of.entityRef, check_id: of.checkId });
    }
    const rows = await query.orderBy(['ends_on', 'id']).limit(1000);
    const ended: ReadinessExemption[] = [];
    for (const part of chunks(rows, ENDS_PER_TRANSACTION)) {
      const at = this.store.now();
      const recorded = await this.store.db.transaction(async tx => {
        // Claimed only while still open and ended: a decision or restore
        // since the read above may have closed or moved it.
        const claimed: { id: string }[] = await tx(TABLE)
          .whereIn(
            'id',
            part.map(row => row.id),
          )
          .where(open)
          .where('ends_on', '<=', today)
          .update({ end_recorded_at: at }, ['id']);
        const claimedRows: ExemptionRow[] = claimed.length
          ? await tx<ExemptionRow>(TABLE).whereIn(
              'id',
              claimed.map(row => row.id),
            )
          : [];
        const order = new Map(part.map((row, i) => [row.id, i]));
        const changes = claimedRows
          .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
          .map(row => {
            const { endRecordedAt: _recorded, ...before } = toExemption(row);
            return { before, after: toExemption(row) };
          });
        await this.history.recordAll(
          tx,
          changes.map(c => historyEntry('end', c.before, c.after, actor)),
        );
        return changes.map(c => c.after);
      });
      ended.push(...recorded);
    }
    return ended;
  }

  findExemptionsOver(before: { at: string; day: string }, limit: number) {
    return findExemptionsOver(this.store.db, before, limit);
  }

  deleteExemptionsOver(ids: string[], before: { at: string; day: string }) {
    return deleteExemptionsOver(this.store.db, ids, before);
  }

  /**
   * Every exemption, whatever its status, a page at a time, for a backup:
   * a check's exemptions in the order they were asked for.
   */
  async *exportPages(pageSize: number, tx?: StoreTransaction) {
    const pages = keysetPages<ExemptionRow>(
      this.store.on(tx),
      TABLE,
      ['entity_ref', 'check_id', 'requested_at', 'id'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(toExemption);
  }

  /**
   * Replaces every exemption with those of a backup, as they were (ids,
   * statuses, who asked and decided), each recorded in the history as
   * imported, and each one the backup lacks as deleted.
   */
  async importExemptions(
    transaction: StoreTransaction,
    exemptions: ReadinessExemption[],
    actor: string,
  ): Promise<number> {
    const tx = knexOf(transaction);
    const at = this.store.now();
    await replaceRecords(tx, EXEMPTIONS, exemptions, changes =>
      this.history.recordAll(
        tx,
        changes.map(({ action, before, after }) => {
          const e = (after ?? before)!;
          return {
            entityRef: e.entityRef,
            subject: 'exemption' as const,
            subjectId: e.checkId,
            action,
            before,
            after,
            actor,
            at,
          };
        }),
      ),
    );
    return exemptions.length;
  }

  private record(
    tx: Knex.Transaction,
    action: HistoryAction,
    before: ReadinessExemption | null,
    after: ReadinessExemption,
    actor: string,
  ) {
    return this.history.record(tx, historyEntry(action, before, after, actor));
  }
}
