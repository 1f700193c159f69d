import { Knex } from 'knex';

/** A statement knex sent, with its bindings. */
export interface SentStatement {
  sql: string;
  bindings: readonly unknown[];
}

/** The statements `knex` sends while `fn` runs, in order. */
export async function statementsOf(
  knex: Knex,
  fn: () => Promise<unknown>,
): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) =>
    sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return sent;
}

/**
 * Runs `fn` and returns its result with the most rows any one statement
 * `knex` answered returned, among the statements whose SQL `matching`
 * finds: what a read held at once.
 */
export async function mostRowsWhile<T>(
  knex: Knex,
  matching: RegExp,
  fn: () => Promise<T>,
): Promise<{ result: T; mostRows: number }> {
  let mostRows = 0;
  const listener = (response: unknown, query: { sql: string }) => {
    if (matching.test(query.sql) && Array.isArray(response)) {
      mostRows = Math.max(mostRows, response.length);
    }
  };
  knex.on('query-response', listener);
  try {
    return { result: await fn(), mostRows };
  } finally {
    knex.removeListener('query-response', listener);
  }
}
