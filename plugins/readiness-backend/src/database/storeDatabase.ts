import { Knex } from 'knex';
import { RefSelection, StoreTransaction } from './ReadinessStore';

/*
 * What the store's sections share: the connection, the one conversion
 * between knex transactions and the store's opaque ones, and small query
 * helpers. Plain knex that both SQLite and PostgreSQL run, but for the
 * batch upsert, which has a cheaper form on PostgreSQL.
 */

/** Hands a knex transaction out as the store's opaque one. */
export function toStoreTransaction(tx: Knex.Transaction): StoreTransaction {
  return tx as unknown as StoreTransaction;
}

/** The knex transaction inside a store transaction. */
export function knexOf(tx: StoreTransaction): Knex.Transaction {
  return tx as unknown as Knex.Transaction;
}

/** The connection every section of the store runs its statements on. */
export class StoreDatabase {
  /** Whether `SELECT ... FOR UPDATE` locks rows (not on SQLite). */
  readonly supportsRowLocks: boolean;
  readonly isPostgres: boolean;

  constructor(readonly db: Knex) {
    const client = String(db.client.config.client);
    this.isPostgres = client === 'pg';
    this.supportsRowLocks = this.isPostgres || client.includes('mysql');
  }

  /** The transaction's knex, or the plain connection outside one. */
  on(tx?: StoreTransaction): Knex | Knex.Transaction {
    return tx ? knexOf(tx) : this.db;
  }

  now(): string {
    return new Date().toISOString();
  }

  /**
   * In an upsert's merge, the later of the stored `column` of `table` and
   * the one inserted (ISO instants): a write of an earlier evaluation that
   * lands last does not move it back.
   */
  later(table: string, column: string): Knex.Raw {
    const pick = this.isPostgres ? 'greatest' : 'max';
    return this.db.raw(`${pick}(??, excluded.??)`, [
      `${table}.${column}`,
      column,
    ]);
  }

  /**
   * Inserts the row `toRow` builds of each item; a stored row with the
   * same `key` takes its `columns` instead, or with `keepStored` stays as
   * it is. On PostgreSQL a batch is one
   * JSON parameter (`insert ... select from json_to_recordset(?)`). A
   * plain multi-row insert of 100 scorecards has 1,900 parameters; parsing
   * and binding them took 4.6 of its 10 ms, and a cold full run of 10,000
   * entities spent a third less of PostgreSQL's CPU without them. One
   * array parameter per column (`unnest`) saved as much there, but pg
   * escapes each element in JavaScript, which cost the backend ~0.1 s more
   * than JSON.stringify. SQLite takes the plain insert.
   */
  async upsert<T>(
    tx: StoreTransaction | undefined,
    table: string,
    target: {
      columns: Record<string, ColumnType>;
      key: string[];
      keepStored?: boolean;
    },
    items: readonly T[],
    toRow: (item: T) => Record<string, unknown>,
  ) {
    const db = this.on(tx);
    // Rows are built a statement's worth at a time: a rollup's row holds
    // its JSON, and a cold run writes thousands of them.
    if (!this.isPostgres) {
      for (const part of chunks(items, 100)) {
        const insert = db(table).insert(part.map(toRow)).onConflict(target.key);
        await (target.keepStored ? insert.ignore() : insert.merge());
      }
      return;
    }
    const names = Object.keys(target.columns);
    const updated = names.filter(name => !target.key.includes(name));
    const sql = [
      `insert into ?? (${names.map(() => '??').join(', ')})`,
      `select * from json_to_recordset(?::json) as t(${names
        .map(name => `?? ${target.columns[name]}`)
        .join(', ')})`,
      `on conflict (${target.key.map(() => '??').join(', ')})`,
      target.keepStored
        ? 'do nothing'
        : `do update set ${updated.map(() => '?? = excluded.??').join(', ')}`,
    ].join(' ');
    for (const part of chunks(items, 500)) {
      await db.raw(sql, [
        table,
        ...names,
        JSON.stringify(part.map(toRow)),
        ...names,
        ...target.key,
        ...(target.keepStored ? [] : updated.flatMap(name => [name, name])),
      ]);
    }
  }
}

/** The PostgreSQL type of a column's values in {@link StoreDatabase.upsert}. */
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean';

/**
 * Every row of `table` a page at a time in the order of `key` (its primary
 * key), each page after the last key read: a page costs the same at the
 * end of the table as at its start, and a row written meanwhile is read
 * once at most. A page shorter than `pageSize` is the last.
 */
export async function* keysetPages<R extends Record<string, unknown>>(
  db: Knex,
  table: string,
  key: readonly string[],
  pageSize: number,
  columns: readonly string[] = ['*'],
): AsyncGenerator<R[]> {
  let after: Knex.Value[] | undefined;
  for (;;) {
    const query = db(table)
      .select(...columns)
      .orderBy(key.map(column => ({ column })))
      .limit(pageSize);
    if (after) {
      // A row value, which both SQLite and PostgreSQL compare column by column.
      const list = (mark: string) => key.map(() => mark).join(', ');
      query.whereRaw(`(${list('??')}) > (${list('?')})`, [...key, ...after]);
    }
    const rows: R[] = await query;
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = key.map(column => last[column] as Knex.Value);
  }
}

/**
 * The stored scorecards' `columns` a page at a time in `entity_ref` order,
 * by keyset pagination: a page costs the same at the end of the table as
 * at its start. A page shorter than `pageSize` is the last. With
 * `readAhead`, the next page is asked for while the caller handles this
 * one (not inside a transaction, whose statements queue).
 */
export async function* scorecardPages<R extends { entity_ref: string }>(
  db: Knex | Knex.Transaction,
  columns: readonly string[],
  pageSize: number,
  options: {
    readAhead?: boolean;
    /** Keeps only the rows it selects. */
    where?: (qb: Knex.QueryBuilder) => void;
  } = {},
): AsyncGenerator<R[]> {
  const page = (after: string): Promise<R[]> =>
    db('readiness_scorecards')
      .where(options.where ?? {})
      .where('entity_ref', '>', after)
      .select(...columns)
      .orderBy('entity_ref')
      .limit(pageSize);
  let pending = page('');
  for (;;) {
    const rows = await pending;
    if (!rows.length) return;
    const more = rows.length === pageSize;
    const after = rows[rows.length - 1].entity_ref;
    if (more && options.readAhead) {
      pending = page(after);
      // Awaited next round; a failure meanwhile is not unhandled.
      pending.catch(() => {});
    }
    yield rows;
    if (!more) return;
    if (!options.readAhead) pending = page(after);
  }
}

/**
 * How a page's total is counted in its query: `window` (`count(*) over ()`)
 * runs the filter once but holds every matching row, with the columns the
 * page selects, until it has counted them; `subquery` runs the filter again
 * in a subquery of its own and holds only the page's rows. Wide rows that a
 * cheap filter selects many of want `subquery` (a page of 100 rollups, ~1 KB
 * of JSON each, among 2,000 groups: 15 ms of PostgreSQL's time with the
 * window, 2 ms without); a costly filter that matches few rows (a title
 * search) wants `window`.
 */
export type TotalCount = 'window' | 'subquery';

/**
 * A page of rows with the count of every row matching, in one query while
 * the page has rows: a list read is then one round trip. A page past the
 * end counts apart. `page` adds the columns, order, limit and offset to
 * `filtered()`.
 */
export async function pageWithTotal<R extends object>(
  db: Knex,
  filtered: () => Knex.QueryBuilder,
  page: (qb: Knex.QueryBuilder) => Knex.QueryBuilder,
  offset: number,
  countBy: TotalCount = 'window',
): Promise<{ rows: R[]; totalCount: number }> {
  const count = () => filtered().count({ count: '*' });
  const total =
    countBy === 'window'
      ? db.raw('count(*) over () as total_count')
      : { total_count: count() };
  const rows: (R & { total_count: number | string })[] = await page(
    filtered().select(total),
  );
  if (rows.length) return { rows, totalCount: Number(rows[0].total_count) };
  if (offset === 0) return { rows, totalCount: 0 };
  const [{ count: matching }] = await count();
  return { rows, totalCount: Number(matching) };
}

/**
 * Keeps IN lists and multi-row inserts well below SQLite's variable limit
 * (32,766 since 3.32), in as few statements as that allows: a full run with
 * little changed waits mostly on round trips (see `DECIDED_AT_ONCE`).
 */
const CHUNK = 2000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * The rows `query()` gives for the selected entities: IN lists of
 * {@link CHUNK} refs, or one range scan of `column` for a range.
 */
export async function rowsOfRefs<R>(
  selection: RefSelection,
  query: () => Knex.QueryBuilder,
  column = 'entity_ref',
): Promise<R[]> {
  if (!Array.isArray(selection)) {
    return query()
      .where(column, '>=', selection.from)
      .andWhere(column, '<=', selection.to);
  }
  const rows: R[] = [];
  for (const part of chunks([...new Set(selection)])) {
    rows.push(...(await query().whereIn(column, part)));
  }
  return rows;
}

export function groupBy<T>(
  items: T[],
  key: (item: T) => string,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// Sorting puts rows without a score last in both directions; knex's
// orderBy(column, order, 'last') drops the column itself on SQLite, hence
// orderByRaw('?? is null') followed by the plain orderBy.

/** Escapes LIKE wildcards in user-supplied search text. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * Inserts a row; false when a row with its key exists already, inserted
 * meanwhile by a transaction that did not take the writers' lock (an
 * import, say). In a savepoint: on PostgreSQL a failed statement aborts
 * the transaction, which must stay usable to read the row that won.
 */
export async function insertUnlessPresent(
  tx: Knex.Transaction,
  table: string,
  row: object,
): Promise<boolean> {
  try {
    await tx.transaction(savepoint => savepoint(table).insert(row));
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '')
  );
}
