import { chunks, StoreDatabase } from './storeDatabase';

const TABLE = 'readiness_departed_entities';

/** The tables that hold what owners and pipelines recorded, by entity. */
const RECORD_TABLES = [
  'readiness_answers',
  'readiness_roles',
  'readiness_results',
  'readiness_cost_tables',
  'readiness_exemptions',
] as const;

/**
 * Entities with records that the catalog no longer has, and since when
 * (see migrations/20261212000000_departed_entities.js).
 */
export interface DepartedEntityStore {
  /**
   * Refs after `after` (in ref order) with records but no scorecard that
   * are not marked departed yet, at most `limit`: the candidates a daily
   * check asks the catalog about.
   */
  unscoredRecordRefs(after: string, limit: number): Promise<string[]>;
  /** Marks these entities departed at `at`; those marked already keep their date. */
  markDeparted(entityRefs: string[], at: string): Promise<void>;
  /** Forgets that these entities departed (they are back). */
  unmarkDeparted(entityRefs: string[]): Promise<void>;
  /** Entities marked departed at or before `at`, oldest first, at most `limit`. */
  departedBy(at: string, limit: number): Promise<string[]>;
  /**
   * Deletes the records of these departed entities and their marks, in one
   * transaction. An entity that has a scorecard again keeps its records.
   * Returns the records deleted per table.
   */
  purgeDeparted(entityRefs: string[]): Promise<Record<string, number>>;
}

/** The store section of departed entities. */
export class DepartedEntities implements DepartedEntityStore {
  constructor(private readonly store: StoreDatabase) {}

  async unscoredRecordRefs(after: string, limit: number): Promise<string[]> {
    const { db } = this.store;
    const [first, ...rest] = RECORD_TABLES.map(table =>
      db(table).select('entity_ref'),
    );
    const rows = await db
      .select('r.entity_ref')
      .from(first.union(rest).as('r'))
      .whereNotExists(
        db('readiness_scorecards as s')
          .select(db.raw('1'))
          .where('s.entity_ref', db.ref('r.entity_ref')),
      )
      .whereNotExists(
        db(`${TABLE} as d`)
          .select(db.raw('1'))
          .where('d.entity_ref', db.ref('r.entity_ref')),
      )
      .where('r.entity_ref', '>', after)
      .orderBy('r.entity_ref')
      .limit(limit);
    return rows.map(row => row.entity_ref);
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

  async purgeDeparted(entityRefs: string[]): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    await this.store.db.transaction(async tx => {
      for (const part of chunks(entityRefs)) {
        for (const table of RECORD_TABLES) {
          const n = await tx(table)
            .whereIn('entity_ref', part)
            // Back in the catalog and scored meanwhile: its records stay.
            .whereNotExists(
              tx('readiness_scorecards as s')
                .select(tx.raw('1'))
                .where('s.entity_ref', tx.ref(`${table}.entity_ref`)),
            )
            .delete();
          deleted[table] = (deleted[table] ?? 0) + n;
        }
        await tx(TABLE).whereIn('entity_ref', part).delete();
      }
    });
    return deleted;
  }
}
