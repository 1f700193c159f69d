import { readFileSync } from 'fs';
import { Knex } from 'knex';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The CPU time the PostgreSQL server has spent on this database's
 * connections, in ms, read from /proc: only for a server on this machine
 * (Linux), else undefined. The server CPU of the read benchmark is the
 * backend's process alone; a query's own work is PostgreSQL's, on the same
 * two cores.
 */
export async function databaseCpuMs(knex: Knex): Promise<number | undefined> {
  if (knex.client.config.client !== 'pg') return undefined;
  const { rows } = await knex.raw(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of rows as { pid: number }[]) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined; // not this machine's server, or not Linux
    }
  }
  return ticks * (1000 / CLOCK_TICKS_PER_SECOND);
}
