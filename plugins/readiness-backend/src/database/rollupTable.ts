import { Knex } from 'knex';
import {
  Rollup,
  RollupKind,
  ScoreSnapshot,
} from '@prodready/plugin-readiness-common';
import { RollupQuery, StoreTransaction } from './ReadinessStore';
import {
  chunks,
  ColumnType,
  knexOf,
  likePattern,
  StoreDatabase,
} from './storeDatabase';
import { lockKeys } from './serialisationLocks';

/** The lock key of creating rollups: not an entity ref (no namespace), so no entity's. */
const CREATION_LOCK = 'readiness-rollup-creation';

/** Where a page of rollups is read from: today's table, or a snapshot day. */
export interface RollupSource {
  table: string;
  columns: { kind: string; ref: string; json: string };
  /** A condition of its own (the snapshot day), with its bindings. */
  where?: { sql: string; bindings: Knex.RawBinding[] };
}

const TODAY: RollupSource = {
  table: 'readiness_rollups',
  columns: { kind: 'kind', ref: 'rollup_ref', json: 'rollup' },
};

/**
 * A page of rollups, each the JSON text it is stored as, with the count of
 * every rollup matching and, with `stateKey`, the state stored under that
 * key, in one query written out (knex took ~0.15 ms of the server's CPU to
 * build the page's query, and the state was a query of its own). The count
 * and the state come on a row of their own, told by its null JSON (a
 * rollup's never is); the page's rows keep the order of their subquery:
 * UNION ALL appends, and the rows under a LIMIT are read in order by one
 * process. (An outer ORDER BY made PostgreSQL sort the page again, ~0.2 ms
 * of its CPU a read of 100 rollups.)
 */
export async function listRollupTexts<T>(
  db: Knex,
  query: RollupQuery,
  stateKey?: string,
  source: RollupSource = TODAY,
): Promise<{ items: string[]; totalCount: number; state?: T }> {
  const { kind, ref, json } = source.columns;
  const conditions = [`${kind} = ?`];
  const bindings: Knex.RawBinding[] = [query.kind];
  if (source.where) {
    conditions.push(source.where.sql);
    bindings.push(...source.where.bindings);
  }
  if (query.parent === null) conditions.push('parent_ref is null');
  else if (query.parent !== undefined) {
    conditions.push('parent_ref = ?');
    bindings.push(query.parent);
  }
  if (query.search) {
    const pattern = likePattern(query.search);
    conditions.push(
      `(lower(coalesce(title, '')) like ? escape '\\' or ${ref} like ? escape '\\')`,
    );
    bindings.push(pattern, pattern);
  }
  const sortColumn = { title: 'title', ref, score: 'score' }[
    query.sort ?? 'score'
  ];
  const order = query.order === 'desc' ? 'desc' : 'asc';
  const filtered = `from ${source.table} where ${conditions.join(' and ')}`;
  const state =
    stateKey === undefined
      ? 'null'
      : `(select value from readiness_state where "key" = ?)`;
  const rows = await rawRows<{
    item: string | null;
    total_count: number | string | null;
    state: string | null;
  }>(
    db,
    `select null as item, (select count(*) ${filtered}) as total_count,
       ${state} as state
     union all
     select item, null, null from (
       select ${json} as item ${filtered}
        order by ${sortColumn} is null, ${sortColumn} ${order}, ${ref} asc
        limit ? offset ?) page`,
    [
      ...bindings,
      ...(stateKey === undefined ? [] : [stateKey]),
      ...bindings,
      query.limit,
      query.offset,
    ],
  );
  const head = rows.find(row => row.item === null)!;
  return {
    items: rows.flatMap(row => (row.item === null ? [] : [row.item])),
    totalCount: Number(head.total_count),
    ...(head.state === null ? {} : { state: JSON.parse(head.state) as T }),
  };
}

/** A page of rollups, parsed; see {@link listRollupTexts}. */
export async function listRollupRows(
  db: Knex,
  query: RollupQuery,
  source?: RollupSource,
) {
  const { items, totalCount } = await listRollupTexts(
    db,
    query,
    undefined,
    source,
  );
  return { items: items.map(text => JSON.parse(text) as Rollup), totalCount };
}

/** The rows of a raw query: PostgreSQL answers `{ rows }`, SQLite the rows. */
async function rawRows<R>(
  db: Knex,
  sql: string,
  bindings: readonly Knex.RawBinding[],
): Promise<R[]> {
  const result = await db.raw(sql, bindings);
  return Array.isArray(result) ? result : result.rows;
}

/** The most children a rollup's read returns (the lowest scores first). */
const CHILD_LIMIT = 1000;

/**
 * Lowest score first, rollups without one last; ties keep the order they
 * came in (the database's, by ref, as the page was chosen in).
 */
function byScore(a: Rollup, b: Rollup) {
  if (a.score === b.score) return 0;
  if (a.score === null) return 1;
  if (b.score === null) return -1;
  return a.score - b.score;
}

/** The kind of a rollup's children: systems have none. */
export const CHILD_KIND: Record<RollupKind, RollupKind | undefined> = {
  group: 'group',
  domain: 'system',
  system: undefined,
};

/** The columns a rollup is written with, typed for a PostgreSQL batch. */
const ROLLUP_COLUMNS: Record<string, ColumnType> = {
  rollup_ref: 'text',
  kind: 'text',
  title: 'text',
  parent_ref: 'text',
  score: 'real',
  entity_count: 'integer',
  rollup: 'text',
  computed_at: 'text',
};

/**
 * A query of the refs (`ref`) of a group and of every group below it in the
 * stored tree (its children, theirs, and so on), one recursive query rather
 * than one per level, and usable as a subquery: a filter on a subtree binds
 * one ref, not one per group. UNION drops repeated rows, so even a cycle in
 * the stored parents ends the recursion.
 */
export function groupSubtree(db: Knex, groupRef: string) {
  const tree = db.raw(
    `SELECT CAST(? AS TEXT)
     UNION
     SELECT r.rollup_ref FROM readiness_rollups r
       JOIN tree t ON r.parent_ref = t.ref
      WHERE r.kind = 'group'`,
    [groupRef],
  );
  return db.withRecursive('tree', ['ref'], tree).select('ref').from('tree');
}

/** The precomputed rollups of groups, Systems and Domains. */
export class RollupTable {
  constructor(private readonly store: StoreDatabase) {}

  async getRollups(refs: string[], tx?: StoreTransaction, forUpdate = false) {
    const db = this.store.on(tx);
    const result = new Map<string, Rollup>();
    // Sorted, so concurrent writers lock shared ancestors in the same order.
    for (const part of chunks([...new Set(refs)].sort())) {
      let query = db('readiness_rollups')
        .whereIn('rollup_ref', part)
        .orderBy('rollup_ref')
        .select('rollup');
      if (forUpdate && this.store.supportsRowLocks) query = query.forUpdate();
      for (const row of await query) {
        const rollup: Rollup = JSON.parse(row.rollup);
        result.set(rollup.ref, rollup);
      }
    }
    return result;
  }

  /**
   * A rollup, its children (sub-groups of a group, systems of a domain) and
   * the state under `stateKey`, in one query; with `trendSince`, also its
   * daily scores from that day on (as the snapshot table's `getSnapshots`),
   * in the same query. Children are the rollups whose parent it is, as in
   * the list of a group's children, limited to those it names; the state
   * comes on the rollup's own row only.
   */
  async getRollupWithChildren<T>(
    ref: string,
    kind: RollupKind,
    stateKey: string,
    options: { trendSince?: string; childLimit?: number } = {},
  ) {
    const { trendSince, childLimit = CHILD_LIMIT } = options;
    const childKind = CHILD_KIND[kind];
    // Written out: knex took ~0.15 ms of the server's CPU to build it, a
    // tenth of a group's read; the SQL is the same on SQLite and PostgreSQL.
    // The trend's rows have no rollup; each part keeps its order (day, ref).
    // A flat organisation has thousands of children under one group: the
    // lowest scores come, a page of them, with the count of all.
    const children = childKind
      ? `union all
       select rollup, null, rollup_ref, null, null, null, null from (
         select rollup, rollup_ref from readiness_rollups
          where kind = ? and parent_ref = ?
          order by score is null, score, rollup_ref limit ?) children`
      : '';
    const childCount = childKind
      ? '(select count(*) from readiness_rollups where kind = ? and parent_ref = ?)'
      : '0';
    const trend =
      trendSince === undefined
        ? ''
        : `union all
       select null, null, null, day, score, level, null from readiness_snapshots
        where subject_ref = ? and subject_kind = ? and day >= ?`;
    const rows = await rawRows<{
      rollup: string | null;
      state: string | null;
      day: string | null;
      score: number | string | null;
      level: string | null;
      total: number | string | null;
    }>(
      this.store.db,
      `select rollup, (select value from readiness_state where "key" = ?) as state,
         rollup_ref as ref, null as day, null as score, null as level,
         ${childCount} as total
       from readiness_rollups where rollup_ref = ?
       ${trend}
       ${children}
       order by day, ref`,
      // The trend before the children: PostgreSQL types a union's nulls
      // pair by pair, and the children's would make the scores text.
      [
        stateKey,
        ...(childKind ? [childKind, ref] : []),
        ref,
        ...(trendSince === undefined ? [] : [ref, kind, trendSince]),
        ...(childKind ? [childKind, ref, childLimit] : []),
      ],
    );
    const family = rows.filter(row => row.rollup !== null);
    const all: Rollup[] = family.map(row => JSON.parse(row.rollup!));
    const own = all.findIndex(r => r.ref === ref);
    if (own < 0) return undefined;
    const named = new Set(all[own].children);
    const { state, total } = family[own];
    return {
      rollup: all[own],
      children: all.filter(r => named.has(r.ref)).sort(byScore),
      childrenTotal: Number(total),
      state: state === null ? undefined : (JSON.parse(state) as T),
      ...(trendSince === undefined
        ? {}
        : {
            trend: rows
              .filter(row => row.rollup === null)
              .map(
                (row): ScoreSnapshot => ({
                  day: row.day!,
                  score: row.score === null ? null : Number(row.score),
                  level: row.level,
                }),
              ),
          }),
    };
  }

  /**
   * The stored parent of every given group and of all its ancestors, in one
   * recursive query per 200 groups (not one per level). UNION drops repeated
   * rows, so even a cycle in the stored parents would end the recursion.
   */
  async getGroupChains(groupRefs: string[], tx?: StoreTransaction) {
    const db = this.store.on(tx);
    const links = new Map<string, string | undefined>();
    for (const part of chunks([...new Set(groupRefs)])) {
      const placeholders = part.map(() => '?').join(', ');
      const chain = db.raw(
        `SELECT rollup_ref, parent_ref FROM readiness_rollups
          WHERE kind = 'group' AND rollup_ref IN (${placeholders})
         UNION
         SELECT r.rollup_ref, r.parent_ref FROM readiness_rollups r
           JOIN chain c ON r.rollup_ref = c.parent
          WHERE r.kind = 'group'`,
        part,
      );
      const rows: { ref: string; parent: string | null }[] = await db
        .withRecursive('chain', ['ref', 'parent'], chain)
        .select('ref', 'parent')
        .from('chain');
      for (const row of rows) links.set(row.ref, row.parent ?? undefined);
    }
    return [...links].map(([ref, parent]) =>
      parent ? { ref, parent } : { ref },
    );
  }

  /**
   * Waits for a rollup rebuild to commit (it holds this lock from before it
   * locks any row): a writer whose rollups are not all stored yet takes it
   * before any rollup row, then reads again the rollups the rebuild may
   * have created.
   */
  lockCreation(tx: StoreTransaction) {
    return lockKeys(knexOf(tx), [CREATION_LOCK]);
  }

  /** Those of `refs` that have a stored rollup. */
  async storedRefs(refs: string[], tx?: StoreTransaction) {
    const stored = new Set<string>();
    for (const part of chunks([...new Set(refs)])) {
      const rows: { rollup_ref: string }[] = await this.store
        .on(tx)('readiness_rollups')
        .whereIn('rollup_ref', part)
        .select('rollup_ref');
      for (const row of rows) stored.add(row.rollup_ref);
    }
    return stored;
  }

  /**
   * Every stored rollup, its row locked (sorted, as writers lock theirs)
   * until the transaction ends, so no write moves a rollup while a full run
   * rebuilds them all; the creation lock first, so no write misses a
   * rollup the rebuild creates. SQLite runs one writer at a time anyway.
   */
  async lockRollups(tx: StoreTransaction) {
    await this.lockCreation(tx);
    let query = knexOf(tx)('readiness_rollups')
      .select('rollup')
      .orderBy('rollup_ref');
    if (this.store.supportsRowLocks) query = query.forUpdate();
    const result = new Map<string, Rollup>();
    for (const row of await query) {
      const rollup: Rollup = JSON.parse(row.rollup);
      result.set(rollup.ref, rollup);
    }
    return result;
  }

  async deleteRollups(tx: StoreTransaction, refs: string[]) {
    for (const part of chunks(refs)) {
      await knexOf(tx)('readiness_rollups')
        .whereIn('rollup_ref', part)
        .delete();
    }
  }

  async putRollups(
    tx: StoreTransaction,
    rollups: Rollup[],
    computedAt: string,
  ) {
    await this.store.upsert(
      tx,
      'readiness_rollups',
      { columns: ROLLUP_COLUMNS, key: ['rollup_ref'] },
      rollups,
      r => ({
        rollup_ref: r.ref,
        kind: r.kind,
        title: r.title ?? null,
        parent_ref: r.parent ?? null,
        score: r.score,
        entity_count: r.aggregate.entities,
        rollup: JSON.stringify(r),
        computed_at: computedAt,
      }),
    );
  }

  async deleteRollupsComputedBefore(tx: StoreTransaction, computedAt: string) {
    await knexOf(tx)('readiness_rollups')
      .where('computed_at', '<', computedAt)
      .delete();
  }

  listRollups(query: RollupQuery) {
    return listRollupRows(this.store.db, query);
  }

  listRollupTexts<T>(query: RollupQuery, stateKey?: string) {
    return listRollupTexts<T>(this.store.db, query, stateKey);
  }
}
