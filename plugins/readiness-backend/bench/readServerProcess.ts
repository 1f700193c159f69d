/*
 * The server side of the read benchmark, in a process of its own: the
 * readiness router (createRouter, as the plugin mounts it) in an express
 * server, with the store on the benchmark's database and the catalog read
 * from the parent over IPC. Its heap holds what a backend holds, not the
 * generated organisation, so its garbage collection and CPU are a
 * backend's. Started by readBench.ts; not run by hand.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'net';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import { ReadinessComputation } from '../src/service/ReadinessComputation';
import { createRouter } from '../src/service/router';
import { remoteCatalog } from './benchCatalog';
import { quietLogger } from './quietLogger';
import { profiled } from './profile';

/** What the parent asks: start serving, report the CPU used, profile. */
export type ReadServerMessage =
  | { serve: { database: Knex.Config; gzip?: boolean } }
  | { cpu: number }
  | { profileStart: number; file: string }
  | { profileStop: number };

/**
 * The router of the plugin on a local port; an error answers 500 with its
 * stack. With `gzip`, behind the compression middleware of Backstage's root
 * router, which compresses for every client that accepts it (a browser).
 */
async function serve(database: Knex.Config, gzip = false) {
  const knex = knexFactory(database);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);
  const catalog = remoteCatalog();
  const auth = mockServices.auth();
  const computation = new ReadinessComputation({
    engine,
    store,
    catalog,
    auth,
    logger: quietLogger,
  });
  const router = await createRouter({
    store,
    engine,
    computation,
    catalog,
    logger: quietLogger,
    auth,
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
  if (gzip) {
    const config = new ConfigReader({});
    app.use(
      MiddlewareFactory.create({ config, logger: quietLogger }).compression(),
    );
  }
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
  return `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/readiness`;
}

/** The profile being taken: `stop` ends it, `written` settles once its file is. */
let profiling: { stop: () => void; written: Promise<unknown> } | undefined;

process.on('message', (message: ReadServerMessage) => {
  const reply = (body: object) => process.send!(body);
  const failed = (error: any) =>
    reply({ error: String(error?.stack ?? error) });
  if ('serve' in message) {
    serve(message.serve.database, message.serve.gzip).then(
      base => reply({ base }),
      failed,
    );
  } else if ('cpu' in message) {
    const used = process.cpuUsage();
    reply({ cpuReply: message.cpu, cpuMs: (used.user + used.system) / 1000 });
  } else if ('profileStart' in message) {
    let stop = () => {};
    const stopped = new Promise<void>(resolve => {
      stop = resolve;
    });
    // Answered once the profiler runs.
    const written = profiled(message.file, () => {
      reply({ profileReply: message.profileStart });
      return stopped;
    });
    profiling = { stop, written };
  } else if ('profileStop' in message) {
    const current = profiling;
    profiling = undefined;
    current?.stop();
    Promise.resolve(current?.written).then(
      () => reply({ profileReply: message.profileStop }),
      failed,
    );
  }
});
