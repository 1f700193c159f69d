import { readFileSync } from 'fs';
import { Knex } from 'knex';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The CPU time the PostgreSQL server has spent on each of this database's
 * connections, in ms by server pid, read from /proc: only for a server on
 * this machine (Linux), else undefined.
 */
async function cpuMsByConnection(
  knex: Knex,
): Promise<Map<number, number> | undefined> {
  if (knex.client.config.client !== 'pg') return undefined;
  const { rows } = await knex.raw(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const byPid = new Map<number, number>();
  for (const { pid } of rows as { pid: number }[]) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      byPid.set(pid, ticks * (1000 / CLOCK_TICKS_PER_SECOND));
    } catch {
      return undefined; // not this machine's server, or not Linux
    }
  }
  return byPid;
}

/**
 * The CPU time the PostgreSQL server has spent on this database's
 * connections, in ms. The server CPU of the read benchmark is the backend's
 * process alone; a query's own work is PostgreSQL's, on the same two cores.
 */
export async function databaseCpuMs(knex: Knex): Promise<number | undefined> {
  const byPid = await cpuMsByConnection(knex);
  return byPid && [...byPid.values()].reduce((sum, ms) => sum + ms, 0);
}

/**
 * Starts counting PostgreSQL's CPU time on this database; the function it
 * gives returns the time spent since (connections opened meanwhile counted
 * whole), or undefined where it cannot be read.
 */
export async function databaseCpuSince(
  knex: Knex,
): Promise<() => Promise<number | undefined>> {
  const before = await cpuMsByConnection(knex);
  return async () => {
    const after = await cpuMsByConnection(knex);
    if (!before || !after) return undefined;
    let spent = 0;
    for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
    return spent;
  };
}
