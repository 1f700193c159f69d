import { HistoryEntry } from '@prodready/plugin-readiness-common';
import type { CostTables } from './costTables';
import type { ExemptionTable } from './exemptionTable';
import type { HistoryTable } from './historyTable';
import type { PortalRecords } from './portalRecords';
import type { PushedResults } from './pushedResults';
import { StoreTransaction } from './ReadinessStore';
import { chunks, knexOf, StoreDatabase } from './storeDatabase';

const TABLE = 'readiness_departed_entities';

/** The tables that hold what owners and pipelines recorded, by entity. */
const RECORD_TABLES = [
  'readiness_answers',
  'readiness_roles',
  'readiness_results',
  'readiness_cost_tables',
  'readiness_exemptions',
] as const;

/** What a purge of departed entities did. */
export interface DepartedPurge {
  /** Entities whose records were deleted. */
  purged: string[];
  /** Entities scored again meanwhile: their marks went, their records stay. */
  back: string[];
  /** Records deleted, by table. */
  records: Record<string, number>;
}

/**
 * Entities with records that the catalog no longer has, and since when
 * (see migrations/20261212000000_departed_entities.js).
 */
export interface DepartedEntityStore {
  /**
   * The distinct refs that have records, after `after` in code-unit order, at
   * most `limit`: one index range scan per record table.
   */
  recordRefsAfter(after: string, limit: number): Promise<string[]>;
  /** Of `refs`, those with neither a scorecard nor a departure mark. */
  unscoredAndUnmarked(refs: string[]): Promise<string[]>;
  /** Marks these entities departed at `at`; those marked already keep their date. */
  markDeparted(entityRefs: string[], at: string): Promise<void>;
  /** Forgets the marks of entities that have a scorecard again; returns how many. */
  unmarkScored(): Promise<number>;
  /** Forgets that these entities departed (the catalog has them). */
  unmarkDeparted(entityRefs: string[]): Promise<void>;
  /** Entities marked departed at or before `at`, oldest first, at most `limit`. */
  departedBy(at: string, limit: number): Promise<string[]>;
  /**
   * Deletes the records of these departed entities, each recorded in the
   * history as deleted by `actor`, and their marks. The caller holds the
   * entities' locks: an entity scored again meanwhile keeps its records.
   */
  purgeDeparted(
    tx: StoreTransaction,
    entityRefs: string[],
    actor: string,
  ): Promise<DepartedPurge>;
}

/** The store section of departed entities. */
export class DepartedEntities implements DepartedEntityStore {
  constructor(
    private readonly store: StoreDatabase,
    private readonly history: HistoryTable,
    private readonly sections: {
      records: PortalRecords;
      results: PushedResults;
      costs: CostTables;
      exemptions: ExemptionTable;
    },
  ) {}

  async recordRefsAfter(after: string, limit: number): Promise<string[]> {
    // Compared, grouped and ordered by code unit, as the merge below and
    // the caller compare them: in a database's language collation (`a_b`
    // before `a-b`) the next batch would start past refs this one left out.
    // PostgreSQL reads it from an index in that order (migration
    // 20261213000000); SQLite compares bytes anyway.
    const ref = this.store.isPostgres ? 'entity_ref COLLATE "C"' : 'entity_ref';
    const refs = new Set<string>();
    for (const table of RECORD_TABLES) {
      const rows = await this.store
        .db(table)
        .select(this.store.db.raw(`${ref} as entity_ref`))
        .whereRaw(`${ref} > ?`, [after])
        .groupByRaw(ref)
        .orderByRaw(ref)
        .limit(limit);
      for (const row of rows) refs.add(row.entity_ref);
    }
    // The first `limit` of each table hold the first `limit` of all.
    return [...refs].sort().slice(0, limit);
  }

  async unscoredAndUnmarked(refs: string[]): Promise<string[]> {
    const known = new Set<string>();
    for (const part of chunks(refs)) {
      for (const table of ['readiness_scorecards', TABLE]) {
        const rows = await this.store
          .db(table)
          .select('entity_ref')
          .whereIn('entity_ref', part);
        for (const row of rows) known.add(row.entity_ref);
      }
    }
    return refs.filter(ref => !known.has(ref));
  }

  async markDeparted(entityRefs: string[], at: string) {
    for (const part of chunks(entityRefs)) {
      await this.store
        .db(TABLE)
        .insert(part.map(ref => ({ entity_ref: ref, departed_at: at })))
        .onConflict('entity_ref')
        .ignore();
    }
  }

  async unmarkScored(): Promise<number> {
    const { db } = this.store;
    return db(TABLE)
      .whereExists(
        db('readiness_scorecards as s')
          .select(db.raw('1'))
          .where('s.entity_ref', db.ref(`${TABLE}.entity_ref`)),
      )
      .delete();
  }

  async unmarkDeparted(entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await this.store.db(TABLE).whereIn('entity_ref', part).delete();
    }
  }

  async departedBy(at: string, limit: number): Promise<string[]> {
    const rows = await this.store
      .db(TABLE)
      .select('entity_ref')
      .where('departed_at', '<=', at)
      .orderBy([{ column: 'departed_at' }, { column: 'entity_ref' }])
      .limit(limit);
    return rows.map(row => row.entity_ref);
  }

  async purgeDeparted(
    tx: StoreTransaction,
    entityRefs: string[],
    actor: string,
  ): Promise<DepartedPurge> {
    const db = knexOf(tx);
    const scored = new Set<string>();
    for (const part of chunks(entityRefs)) {
      const rows = await db('readiness_scorecards')
        .select('entity_ref')
        .whereIn('entity_ref', part);
      for (const row of rows) scored.add(row.entity_ref);
    }
    const purged = entityRefs.filter(ref => !scored.has(ref));
    await this.history.recordAll(db, await this.deletions(tx, purged, actor));
    const records: Record<string, number> = {};
    for (const part of chunks(purged)) {
      for (const table of RECORD_TABLES) {
        const n = await db(table).whereIn('entity_ref', part).delete();
        records[table] = (records[table] ?? 0) + n;
      }
    }
    for (const part of chunks(entityRefs)) {
      await db(TABLE).whereIn('entity_ref', part).delete();
    }
    return { purged, back: [...scored], records };
  }

  /** A history entry for each record of `refs`, as its deletion. */
  private async deletions(
    tx: StoreTransaction,
    refs: string[],
    actor: string,
  ): Promise<Omit<HistoryEntry, 'id'>[]> {
    const { records, results, costs, exemptions } = this.sections;
    const at = this.store.now();
    const deleted = (
      entityRef: string,
      subject: HistoryEntry['subject'],
      subjectId: string,
      before: unknown,
    ): Omit<HistoryEntry, 'id'> => ({
      entityRef,
      subject,
      subjectId,
      action: 'delete',
      before,
      after: null,
      actor,
      at,
    });
    const entries: Omit<HistoryEntry, 'id'>[] = [];
    for (const [ref, list] of await records.getAnswers(refs, tx)) {
      for (const a of list) entries.push(deleted(ref, 'answer', a.checkId, a));
    }
    for (const [ref, list] of await records.getRoles(refs, tx)) {
      for (const r of list) entries.push(deleted(ref, 'role', r.roleId, r));
    }
    for (const [ref, list] of await results.getResults(refs, tx)) {
      for (const r of list) entries.push(deleted(ref, 'result', r.checkId, r));
    }
    for (const [ref, table] of await costs.getCostTables(refs, tx)) {
      entries.push(deleted(ref, 'cost-table', 'cost', table));
    }
    for (const [ref, list] of await exemptions.getExemptions(refs, tx)) {
      for (const e of list)
        entries.push(deleted(ref, 'exemption', e.checkId, e));
    }
    return entries;
  }
}
