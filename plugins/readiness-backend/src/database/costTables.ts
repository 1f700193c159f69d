import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  CostTable,
  CostTier,
  StoredCostTable,
} from '@prodready/plugin-readiness-common';
import { HistoryTable } from './historyTable';
import { RecordTable, replaceRecords } from './replaceRecords';
import { RefSelection, StoreTransaction } from './ReadinessStore';
import {
  insertUnlessPresent,
  keysetPages,
  knexOf,
  rowsOfRefs,
  StoreDatabase,
} from './storeDatabase';

type CostTableRow = {
  entity_ref: string;
  currency: string;
  date: string;
  assumptions: string | null;
  tiers: string;
  updated_by: string;
  updated_at: string;
  version: number;
};

function toCostTable(row: CostTableRow): StoredCostTable {
  const table: StoredCostTable = {
    entityRef: row.entity_ref,
    currency: row.currency,
    date: row.date,
    tiers: JSON.parse(row.tiers) as CostTier[],
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
  if (row.assumptions) table.assumptions = row.assumptions;
  return table;
}

function fromCostTable(table: StoredCostTable): CostTableRow {
  return {
    entity_ref: table.entityRef,
    currency: table.currency,
    date: table.date,
    assumptions: table.assumptions ?? null,
    tiers: JSON.stringify(table.tiers),
    updated_by: table.updatedBy,
    updated_at: table.updatedAt,
    version: table.version,
  };
}

const COST_TABLES: RecordTable<CostTableRow, StoredCostTable> = {
  table: 'readiness_cost_tables',
  key: ['entity_ref'],
  keyOf: t => t.entityRef,
  toRecord: toCostTable,
  fromRecord: fromCostTable,
};

/** The history subject of a cost table (one per entity, so one subject id). */
const SUBJECT = { subject: 'cost-table', subjectId: 'cost' } as const;

/**
 * Cost tables owners edit in the portal, one versioned row per entity:
 * every write names the version it saw and loses with a ConflictError
 * (carrying the current table) if someone else wrote in between, and is
 * recorded in the history.
 */
export class CostTables {
  constructor(
    private readonly store: StoreDatabase,
    private readonly history: HistoryTable,
  ) {}

  async getCostTables(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, StoredCostTable>> {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<CostTableRow>(entities, () =>
      db('readiness_cost_tables'),
    );
    return new Map(rows.map(row => [row.entity_ref, toCostTable(row)]));
  }

  async getCostTable(entityRef: string, tx?: StoreTransaction) {
    return this.read(this.store.on(tx), entityRef);
  }

  private async read(db: Knex | Knex.Transaction, entityRef: string) {
    const row = await db<CostTableRow>('readiness_cost_tables')
      .where({ entity_ref: entityRef })
      .first();
    return row ? toCostTable(row) : undefined;
  }

  private async conflict(
    tx: Knex.Transaction,
    entityRef: string,
    expectedVersion: number,
  ): Promise<never> {
    const current = (await this.read(tx, entityRef)) ?? null;
    throw Object.assign(
      new ConflictError(
        `The cost table of ${entityRef} was changed by someone else (you saw version ${expectedVersion}, the current version is ${
          current?.version ?? 0
        }); reload and apply your change again`,
      ),
      { current },
    );
  }

  /**
   * Writes (or, with `table` null, deletes) an entity's cost table if the
   * stored version is the one the writer saw. The version in the WHERE
   * clause makes a concurrent writer lose without row locks; a concurrent
   * first insert loses on the primary key.
   */
  private async write(
    tx: Knex.Transaction,
    entityRef: string,
    after: StoredCostTable | null,
    actor: string,
    expectedVersion: number,
  ) {
    const before = await this.read(tx, entityRef);
    if (!before && !after) {
      throw new NotFoundError(`There is no portal cost table for ${entityRef}`);
    }
    if ((before?.version ?? 0) !== expectedVersion) {
      return this.conflict(tx, entityRef, expectedVersion);
    }
    if (!before) {
      // Numbered on from a deleted table's last version (see PortalRecords).
      after!.version =
        (await this.history.lastVersionOf(
          tx,
          entityRef,
          SUBJECT.subject,
          SUBJECT.subjectId,
        )) + 1;
      const row = fromCostTable(after!);
      if (!(await insertUnlessPresent(tx, 'readiness_cost_tables', row))) {
        return this.conflict(tx, entityRef, expectedVersion);
      }
    } else {
      const where = { entity_ref: entityRef, version: expectedVersion };
      const changed = after
        ? await tx('readiness_cost_tables')
            .where(where)
            .update(fromCostTable(after))
        : await tx('readiness_cost_tables').where(where).delete();
      if (changed !== 1) {
        return this.conflict(tx, entityRef, expectedVersion);
      }
    }
    await this.history.record(tx, {
      entityRef,
      ...SUBJECT,
      action: after ? 'set' : 'delete',
      before: before ?? null,
      after,
      actor,
    });
    return after;
  }

  async putCostTable(
    tx: StoreTransaction,
    entityRef: string,
    input: CostTable,
    actor: string,
    expectedVersion: number,
  ): Promise<StoredCostTable> {
    const table: StoredCostTable = {
      entityRef,
      currency: input.currency,
      date: input.date,
      tiers: input.tiers,
      updatedBy: actor,
      updatedAt: this.store.now(),
      version: expectedVersion + 1,
    };
    if (input.assumptions) table.assumptions = input.assumptions;
    await this.write(knexOf(tx), entityRef, table, actor, expectedVersion);
    return table;
  }

  async deleteCostTable(
    tx: StoreTransaction,
    entityRef: string,
    actor: string,
    expectedVersion: number,
  ): Promise<void> {
    await this.write(knexOf(tx), entityRef, null, actor, expectedVersion);
  }

  // Backup

  /** Every cost table a page at a time in ref order, for a backup. */
  async *exportPages(pageSize: number, tx?: StoreTransaction) {
    const pages = keysetPages<CostTableRow>(
      this.store.on(tx),
      'readiness_cost_tables',
      ['entity_ref'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(toCostTable);
  }

  /** Replaces every cost table with the given ones, recording each change in the history. */
  async importAll(
    transaction: StoreTransaction,
    tables: StoredCostTable[],
    actor: string,
  ): Promise<number> {
    const tx = knexOf(transaction);
    const at = this.store.now();
    await replaceRecords(tx, COST_TABLES, tables, changes =>
      this.history.recordAll(
        tx,
        changes.map(change => ({
          ...change,
          entityRef: (change.after ?? change.before)!.entityRef,
          ...SUBJECT,
          actor,
          at,
        })),
      ),
    );
    return tables.length;
  }
}
