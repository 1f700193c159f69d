import { Knex } from 'knex';
import { SentStatement } from './statements';

/** The event shows PostgreSQL's own $n placeholders; raw() takes ?. */
const forRaw = (sql: string) => sql.replace(/\$\d+/g, '?');

/**
 * The steps of the plan the database chooses for a statement: PostgreSQL's
 * node types (with sequential scans off, so a planner that may scan a
 * small test table shows what it does with a large one), or SQLite's
 * EXPLAIN QUERY PLAN lines (which name a sort "TEMP B-TREE FOR ORDER BY").
 */
export async function planSteps(
  knex: Knex,
  query: SentStatement,
): Promise<string[]> {
  const bindings = [...query.bindings] as Knex.RawBinding[];
  if (knex.client.config.client !== 'pg') {
    const rows = await knex.raw(`EXPLAIN QUERY PLAN ${query.sql}`, bindings);
    return rows.map((row: { detail: string }) => row.detail);
  }
  return knex.transaction(async tx => {
    await tx.raw('SET LOCAL enable_seqscan = off');
    const explained = await tx.raw(
      `EXPLAIN (FORMAT JSON) ${forRaw(query.sql)}`,
      bindings,
    );
    const types: string[] = [];
    const walk = (node: any) => {
      types.push(node['Node Type']);
      (node.Plans ?? []).forEach(walk);
    };
    walk(explained.rows[0]['QUERY PLAN'][0].Plan);
    return types;
  });
}

/**
 * What the count of a list's statement reads on PostgreSQL: the output of
 * every plan node under its count (a window or an aggregate).
 */
export async function countReads(
  knex: Knex,
  query: SentStatement,
): Promise<string[]> {
  const explained = await knex.raw(
    `EXPLAIN (VERBOSE, FORMAT JSON) ${forRaw(query.sql)}`,
    [...query.bindings] as Knex.RawBinding[],
  );
  const [plan] = explained.rows[0]['QUERY PLAN'];
  const outputs: string[] = [];
  const collect = (node: any) => {
    outputs.push(...(node.Output ?? []));
    (node.Plans ?? []).forEach(collect);
  };
  const findCount = (node: any) => {
    if (['WindowAgg', 'Aggregate'].includes(node['Node Type'])) {
      collect(node);
    } else (node.Plans ?? []).forEach(findCount);
  };
  findCount(plan.Plan);
  return outputs;
}

/**
 * The plan of a statement as text: PostgreSQL's (with sequential scans
 * off, as in {@link planSteps}) or SQLite's EXPLAIN QUERY PLAN lines.
 * `inOrder` also turns PostgreSQL's sorts and bitmap scans off, so the plan
 * shows whether an index gives the rows in the statement's order (on a test
 * table the planner may rightly sort the few rows instead).
 */
export async function planText(
  knex: Knex,
  query: SentStatement,
  options: { inOrder?: boolean } = {},
): Promise<string> {
  const bindings = [...query.bindings] as Knex.RawBinding[];
  if (knex.client.config.client !== 'pg') {
    const rows = await knex.raw(`EXPLAIN QUERY PLAN ${query.sql}`, bindings);
    return rows.map((row: { detail: string }) => row.detail).join('\n');
  }
  return knex.transaction(async tx => {
    await tx.raw('SET LOCAL enable_seqscan = off');
    if (options.inOrder) {
      await tx.raw('SET LOCAL enable_sort = off');
      await tx.raw('SET LOCAL enable_bitmapscan = off');
    }
    const rows = await tx.raw(`EXPLAIN ${forRaw(query.sql)}`, bindings);
    return rows.rows.map((row: any) => row['QUERY PLAN']).join('\n');
  });
}
