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
