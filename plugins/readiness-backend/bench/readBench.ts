/*
 * Read latency over HTTP: the readiness router (createRouter, as the plugin
 * mounts it) in a server process of its own (readServerProcess.ts), so its
 * heap and garbage collection are a backend's rather than those of this
 * process, which holds the generated organisation; read with keep-alive
 * HTTP by one client and by 20 concurrent clients (readClient.ts, a third
 * process), with issue 11's targets beside the figures. The server reads
 * the catalog from this process over IPC (JSON, as over HTTP): the route
 * still reads the entity with the caller's credentials, but a real catalog
 * adds its own query and HTTP time (about 3–7 ms a read in
 * `npm run bench:compare`).
 */
import { Entity } from '@backstage/catalog-model';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { fork } from 'child_process';
import { loadavg } from 'os';
import path from 'path';
import { Knex } from 'knex';
import { CatalogPages, serveCatalog } from './benchCatalog';
import { databaseCpuMs } from './databaseCpu';
import type { ReadJob } from './readClient';
import type { ReadServerMessage } from './readServerProcess';

const CLIENTS = 20;
/**
 * Rounds of each concurrent read: their p99 is the queue on two cores
 * shared with PostgreSQL and the clients, which a burst of another process
 * moves by tens of ms, so the verdict takes the median round's.
 */
const ROUNDS = 3;

/** Request times, with the CPU a read of the server, PostgreSQL and the clients. */
type Samples = number[] & {
  cpuMs?: number;
  dbCpuMs?: number;
  clientCpuMs?: number;
};

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor(values.length * p))
  ];
/** Whole ms from 10, one decimal below, two below 0.1 (a miss by a hair). */
const ms = (v: number) => {
  let digits = 0;
  if (v < 10) digits = v < 0.1 ? 2 : 1;
  return `${v.toFixed(digits)} ms`;
};
const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const verdict = (value: number, target: number) =>
  `≤ ${ms(target)}: ${
    value <= target ? 'met' : `MISSED by ${ms(value - target)}`
  }`;

/**
 * The server process ({@link ReadServerMessage}), serving the catalog it
 * reads: `ask` sends a message and resolves with the reply that carries
 * `replyKey` (the ids are this process's); a failure it reports rejects.
 */
async function serverProcess(
  database: Knex.Config,
  entities: Entity[],
  gzip: boolean,
) {
  const child = fork(path.join(__dirname, 'readServerProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
  });
  serveCatalog(child, new CatalogPages(entities));
  let nextId = 0;
  const ask = <T>(
    message: ReadServerMessage | ((id: number) => ReadServerMessage),
    replyKey: string,
  ) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const sent = typeof message === 'function' ? message(id) : message;
      const onMessage = (reply: any) => {
        if (reply?.error) reject(new Error(reply.error));
        else if (!(replyKey in (reply ?? {}))) return;
        else if (typeof reply[replyKey] === 'number' && reply[replyKey] !== id)
          return;
        child.off('message', onMessage);
        resolve(reply);
      };
      child.on('message', onMessage);
      child.send(sent);
    });
  const base = (
    await ask<{ base: string }>({ serve: { database, gzip } }, 'base')
  ).base;
  return {
    base,
    /** The server process's CPU time so far, in ms. */
    cpuMs: async () =>
      (await ask<{ cpuMs: number }>(id => ({ cpu: id }), 'cpuReply')).cpuMs,
    /** Runs `fn` with the server process under the CPU profiler, when `file` is given. */
    profiled: async <T>(file: string | undefined, fn: () => Promise<T>) => {
      if (!file) return fn();
      await ask(id => ({ profileStart: id, file }), 'profileReply');
      try {
        return await fn();
      } finally {
        await ask(id => ({ profileStop: id }), 'profileReply');
      }
    },
    stop: () => child.kill(),
  };
}

/** The client process: runs jobs until it is killed. */
function clientProcess() {
  const child = fork(path.join(__dirname, 'readClient.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
  });
  const run = (job: ReadJob) =>
    new Promise<{ samples: number[]; cpuMs: number }>((resolve, reject) => {
      // The module loader sends messages of its own (`watch`): skipped.
      const onMessage = (message: {
        samples?: number[];
        cpuMs?: number;
        error?: string;
      }) => {
        if (!message?.samples && !message?.error) return;
        child.off('message', onMessage);
        if (message.samples) {
          resolve({ samples: message.samples, cpuMs: message.cpuMs ?? NaN });
        } else reject(new Error(message.error));
      };
      child.on('message', onMessage);
      child.send({ job });
    });
  return { run, stop: () => child.kill() };
}

const entityPath = (ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/entities/${kind}/${namespace}/${name}`;
};

/** `count` entities spread over the list (so over kinds and owners). */
const spread = <T>(list: T[], count: number) =>
  Array.from(
    { length: Math.min(count, list.length) },
    (_, i) =>
      list[Math.floor((i * list.length) / Math.min(count, list.length))],
  );

/**
 * Entity, rollup and search reads over HTTP, after the full runs have
 * stored every scorecard (without details: the first read of each builds it).
 */
export async function measureReads(options: {
  /** The catalog's entities, which the server process reads from this one. */
  entities: Entity[];
  scored: Entity[];
  /** A group with sub-groups, whose children are read. */
  parentGroup: string;
  /** Where CPU profiles of the measured reads go: this path with `-<part>.cpuprofile`. */
  cpuProfile?: string;
  /** The store's database: on a local PostgreSQL its CPU a read is reported too. */
  knex: Knex;
  /** Read as a browser does, through Backstage's compression middleware. */
  gzip?: boolean;
}) {
  if (options.knex.client.config.client === 'pg') {
    // The reads begin seconds after the full run filled the tables; in
    // service, autovacuum analyses and vacuums them within a minute or so
    // of every full run. Without statistics the planner takes 2,000 rollups
    // for 8 and sorts them rather than read the index in their order.
    await options.knex.raw('VACUUM ANALYZE');
  }
  const {
    client: dbClient,
    connection,
    useNullAsDefault,
  } = options.knex.client.config as Knex.Config;
  const server = await serverProcess(
    { client: dbClient, connection, useNullAsDefault },
    options.entities,
    !!options.gzip,
  );
  const { base } = server;
  const profileOf = (part: string) =>
    options.cpuProfile && `${options.cpuProfile}-${part}.cpuprofile`;
  const client = clientProcess();
  const database = () => databaseCpuMs(options.knex);
  /**
   * The requests' times, and the server process's CPU time per request
   * while they ran (its work alone: the clients and the catalog are other
   * processes), which a loaded machine inflates much less than the times;
   * and PostgreSQL's CPU time per request when it runs on this machine.
   */
  const measured = async (job: Omit<ReadJob, 'urls'> & { paths: string[] }) => {
    const dbBefore = await database();
    const cpuBefore = await server.cpuMs();
    const reply = await client.run({
      urls: job.paths.map(p => base + p),
      clients: job.clients,
      perClient: job.perClient,
      gzip: options.gzip,
    });
    const cpuAfter = await server.cpuMs();
    const samples: Samples = reply.samples;
    samples.cpuMs = (cpuAfter - cpuBefore) / samples.length;
    samples.clientCpuMs = reply.cpuMs / samples.length;
    const dbAfter = await database();
    if (dbBefore !== undefined && dbAfter !== undefined) {
      samples.dbCpuMs = (dbAfter - dbBefore) / samples.length;
    }
    return samples;
  };
  const sequential = (paths: string[]) =>
    measured({ paths, clients: 1, perClient: paths.length });
  const concurrent = (paths: string[], perClient: number) =>
    measured({ paths, clients: CLIENTS, perClient });
  /** {@link ROUNDS} rounds of concurrent reads, one after the other. */
  const rounds = async (paths: string[], perClient: number) => {
    const all: Samples[] = [];
    for (let r = 0; r < ROUNDS; r++)
      all.push(await concurrent(paths, perClient));
    return all;
  };
  const line = (name: string, samples: Samples, targets = '') =>
    console.log(
      `  ${name}: p50 ${ms(percentile(samples, 0.5))}, p99 ${ms(
        percentile(samples, 0.99),
      )}, server CPU ${ms(samples.cpuMs ?? NaN)} a read${
        samples.dbCpuMs === undefined
          ? ''
          : `, PostgreSQL CPU ${ms(samples.dbCpuMs)} a read`
      }, client CPU ${ms(samples.clientCpuMs ?? NaN)} a read (${
        samples.length
      } reads${targets ? `; target ${targets}` : ''}) load ${load()}`,
    );
  /**
   * Rounds as one line: the p50 and CPU of all their reads, each round's
   * p99 and the median of those against `target`.
   */
  const roundsLine = (name: string, all: Samples[], target: number) => {
    const samples: Samples = all.flat();
    const mean = (key: 'cpuMs' | 'dbCpuMs' | 'clientCpuMs') =>
      all.some(round => round[key] === undefined)
        ? undefined
        : all.reduce((sum, round) => sum + round[key]!, 0) / all.length;
    samples.cpuMs = mean('cpuMs');
    samples.dbCpuMs = mean('dbCpuMs');
    samples.clientCpuMs = mean('clientCpuMs');
    const p99s = all.map(round => percentile(round, 0.99));
    const median = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)];
    line(
      `${name}, p99 of ${all.length} rounds ${p99s.map(ms).join(' / ')}`,
      samples,
      `median round's p99 ${verdict(median, target)}`,
    );
  };
  if (options.gzip) {
    console.log(
      "  reads ask for gzip, through Backstage's compression middleware (as a browser's do)",
    );
  }
  try {
    const entities = spread(options.scored, 420).map(e =>
      entityPath(entityRefOf(e)),
    );
    const first = entities.slice(0, 400);
    // Warm the server and the connections on other entities.
    await sequential(entities.slice(400));
    await concurrent(['/health'], 5);
    line(
      'GET /health (HTTP alone), one client',
      await sequential(Array(200).fill('/health')),
    );
    line(
      'GET /entities, first read (detail built and kept), one client',
      await server.profiled(profileOf('entities-first'), () =>
        sequential(first),
      ),
    );
    const repeat = await server.profiled(profileOf('entities'), async () => {
      const one = await sequential(first);
      const many = await rounds(first, 40);
      return { one, many };
    });
    line(
      'GET /entities, detail kept, one client',
      repeat.one,
      `p50 ${verdict(percentile(repeat.one, 0.5), 3)}, p99 ${verdict(
        percentile(repeat.one, 0.99),
        20,
      )}`,
    );
    roundsLine(
      `GET /entities, detail kept, ${CLIENTS} concurrent clients`,
      repeat.many,
      100,
    );
    const parent = encodeURIComponent(options.parentGroup);
    const [, pNamespace, pName] = options.parentGroup.split(/[:/]/);
    const rollupReads: [string, string][] = [
      ['GET /rollups?by=group (first page of 100)', '/rollups?by=group'],
      [
        'GET /rollups?by=group&parent= (a group’s children)',
        `/rollups?by=group&parent=${parent}`,
      ],
      [
        'GET /rollups/group/… (a group, its children, its first 50 entities)',
        `/rollups/group/${pNamespace}/${pName}`,
      ],
    ];
    for (const [i, [name, p]] of rollupReads.entries()) {
      const bytes = (await (await fetch(base + p)).text()).length;
      // Unmeasured reads first (the route's code compiled, the pool's
      // connections open); then rounds of 1,000 reads: the p99 of 400 was
      // their 4th slowest.
      await concurrent([p], 5);
      const all = await server.profiled(profileOf(`rollups-${i}`), () =>
        rounds([p], 50),
      );
      roundsLine(
        `${name}, ${(bytes / 1024).toFixed(
          0,
        )} KB, ${CLIENTS} concurrent clients`,
        all,
        50,
      );
    }
    line(
      'GET /scorecards?q= (title search), one client',
      await sequential(
        Array.from({ length: 20 }, (_, i) => `/scorecards?q=svc-4${i % 10}`),
      ),
    );
  } finally {
    client.stop();
    server.stop();
  }
}
