/*
 * Read latency over HTTP: the readiness router (createRouter, as the plugin
 * mounts it) in an express server of this process, read with keep-alive
 * HTTP by one client and by 20 concurrent clients, with issue 11's targets
 * beside the figures. The catalog is the benchmark's in-process one: the
 * route still reads the entity with the caller's credentials, but a real
 * catalog adds its own query and HTTP time (about 3–7 ms a read in
 * `npm run bench:compare`).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { fork } from 'child_process';
import { AddressInfo } from 'net';
import { loadavg } from 'os';
import path from 'path';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import { ReadinessComputation } from '../src/service/ReadinessComputation';
import { createRouter } from '../src/service/router';
import { databaseCpuMs } from './databaseCpu';
import { profiled } from './profile';
import type { ReadJob } from './readClient';

const CLIENTS = 20;

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
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const verdict = (value: number, target: number) =>
  `≤ ${ms(target)}: ${
    value <= target ? 'met' : `MISSED by ${ms(value - target)}`
  }`;

/** The router of the plugin on a local port; a non-2xx answer fails the benchmark. */
async function serve(options: {
  store: DatabaseReadinessStore;
  engine: ReadinessEngine;
  computation: ReadinessComputation;
  catalog: CatalogService;
  logger: LoggerService;
}) {
  const router = await createRouter({
    ...options,
    logger: options.logger,
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    // Every read is authorised by a permission call, as in the portal.
    permissions: mockServices.permissions(),
    // Reads audit nothing.
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    },
    scheduler: mockServices.scheduler(),
  });
  const app = express();
  app.use('/api/readiness', router);
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => res.status(500).json({ error: String(error?.stack ?? error) }),
  );
  const server = app.listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/readiness`;
  return { base, close: () => new Promise(r => server.close(r)) };
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
  store: DatabaseReadinessStore;
  engine: ReadinessEngine;
  computation: ReadinessComputation;
  catalog: CatalogService;
  logger: LoggerService;
  scored: Entity[];
  /** A group with sub-groups, whose children are read. */
  parentGroup: string;
  /** Where CPU profiles of the measured reads go: this path with `-<part>.cpuprofile`. */
  cpuProfile?: string;
  /** The store's database: on a local PostgreSQL its CPU a read is reported too. */
  knex?: Knex;
}) {
  if (options.knex?.client.config.client === 'pg') {
    // The reads begin seconds after the full run filled the tables; in
    // service, autovacuum analyses and vacuums them within a minute or so
    // of every full run. Without statistics the planner takes 2,000 rollups
    // for 8 and sorts them rather than read the index in their order.
    await options.knex.raw('VACUUM ANALYZE');
  }
  const { base, close } = await serve(options);
  const profileOf = (part: string) =>
    options.cpuProfile && `${options.cpuProfile}-${part}.cpuprofile`;
  const client = clientProcess();
  const database = async () =>
    options.knex ? databaseCpuMs(options.knex) : undefined;
  /**
   * The requests' times, and this process's CPU time per request while they
   * ran (the server's work alone: the clients are another process), which a
   * loaded machine inflates much less than the times; and PostgreSQL's CPU
   * time per request when it runs on this machine.
   */
  const measured = async (job: Omit<ReadJob, 'urls'> & { paths: string[] }) => {
    const dbBefore = await database();
    const cpu = process.cpuUsage();
    const reply = await client.run({
      urls: job.paths.map(p => base + p),
      clients: job.clients,
      perClient: job.perClient,
    });
    const used = process.cpuUsage(cpu);
    const samples: Samples = reply.samples;
    samples.cpuMs = (used.user + used.system) / 1000 / samples.length;
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
      await sequential(first),
    );
    const repeat = await profiled(profileOf('entities'), async () => {
      const one = await sequential(first);
      const many = await concurrent(first, 40);
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
    line(
      `GET /entities, detail kept, ${CLIENTS} concurrent clients`,
      repeat.many,
      `p99 ${verdict(percentile(repeat.many, 0.99), 100)}`,
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
      // connections open); then 1,000 reads: the p99 of 400 was their 4th
      // slowest, which a burst of another process on the two cores moved
      // by tens of ms.
      await concurrent([p], 5);
      const samples = await profiled(profileOf(`rollups-${i}`), () =>
        concurrent([p], 50),
      );
      line(
        `${name}, ${(bytes / 1024).toFixed(
          0,
        )} KB, ${CLIENTS} concurrent clients`,
        samples,
        `p99 ${verdict(percentile(samples, 0.99), 50)}`,
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
    await close();
  }
}
