/*
 * The three phases of one organisation size: the catalog loaded and fully
 * processed, then this project's side, then Tech Insights' side, each in its
 * own backend process, stopped before the next starts.
 */
import path from 'path';
import { BENCH_CHECKS } from './benchChecks';
import { baseUrls, BenchEnvironment } from './environment';
import { Host } from './hosts';
import {
  expectOk,
  latency,
  Latency,
  loadAverage,
  median,
  timedRequest,
  waitFor,
} from './http';
import {
  FreshnessFigures,
  measureFreshness,
  withCatalogCpu,
} from './freshness';
import { BenchOrganisation } from './organisation';
import { FullRunParts, lastFullRunParts, stitchQueueLength } from './postgres';

export interface PhaseContext {
  env: BenchEnvironment;
  organisation: BenchOrganisation;
  /** The entities whose single reads are timed, the same on both sides. */
  sample: string[];
  /** Repetitions of the repeatable runs (median reported). */
  runs: number;
  /** Refs per explicit-ref bulk request of Tech Insights. */
  batchSize: number;
  logDir: string;
  repoRoot: string;
  /** Where the readiness and catalog hosts write CPU profiles (--cpu-prof); none when absent. */
  profileDir?: string;
  /** The catalog host, once started: what the sides' catalog reads cost it. */
  catalog?: Host;
}

export interface Memory {
  afterStartMb: number;
  peakMb: number;
}

export interface ReadinessFigures {
  coldMs: number;
  /** What the cold run and the last unchanged run recorded of their parts. */
  coldParts?: FullRunParts;
  unchangedMs: number;
  unchangedParts?: FullRunParts;
  /** Each entity read once: its scorecard's detail built on the read. */
  read: Latency;
  /** The same entities read again: the detail kept (absent in older figures). */
  readAgain?: Latency;
  /** The freshness pass after the full runs (absent in older figures). */
  freshness?: FreshnessFigures;
  memory: Memory;
  loadAverage: string;
}

export interface TechInsightsFigures {
  factRetrievalMs: number;
  /** The catalog host's CPU time over the fact retrieval (absent in older figures). */
  factRetrievalCatalogCpuMs?: number;
  bulkMs: number;
  bulkEntities: number;
  explicitOneRequest: { status: number; ms: number; refs: number };
  explicitBatched: { ms: number; requests: number; batchSize: number };
  single: Latency;
  memory: Memory;
  loadAverage: string;
}

const here = __dirname;

/** A full run's parts, in words, for the log and the document. */
export const describeParts = (parts?: FullRunParts) =>
  parts?.catalogReadMs === undefined
    ? ''
    : `catalog read ${parts.catalogReadMs} ms, database transaction ${parts.transactionMs} ms, ${parts.rescored} of ${parts.entities} entities scored`;
const describe = (parts?: FullRunParts) =>
  `(${describeParts(parts) || 'no record'})`;
const log = (line: string) => console.log(`  ${line}`);

const passLine = (pass: { ms: number; catalogCpuMs: number }) =>
  `${pass.ms.toFixed(0)} ms (catalog CPU ${pass.catalogCpuMs.toFixed(0)} ms)`;

const catalogOf = (ctx: PhaseContext) => {
  if (!ctx.catalog) throw new Error('The catalog host is not started');
  return ctx.catalog;
};

const pathOf = (ref: string) => {
  const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(ref)!;
  return `${kind}/${namespace}/${name}`;
};

async function withHost<T>(
  ctx: PhaseContext,
  name: string,
  script: string,
  cwd: string,
  fn: (host: Host) => Promise<T>,
): Promise<T> {
  const host = Host.start({
    name,
    script,
    cwd,
    env: ctx.env,
    logDir: ctx.logDir,
    profileDir: name === 'readiness' ? ctx.profileDir : undefined,
  });
  try {
    await host.waitStarted();
    return await fn(host);
  } finally {
    await host.stop();
  }
}

/** Starts the catalog host; {@link waitForCatalog} waits for its processing. */
export const startCatalog = (ctx: PhaseContext) =>
  Host.start({
    name: 'catalog',
    script: path.join(here, 'catalogHost.ts'),
    cwd: ctx.repoRoot,
    env: ctx.env,
    logDir: ctx.logDir,
    profileDir: ctx.profileDir,
  });

/** Waits until the catalog has processed and stitched every entity; the time since `start`. */
export async function waitForCatalog(
  ctx: PhaseContext,
  host: Host,
  start: number,
): Promise<number> {
  await host.waitStarted();
  const expected = ctx.organisation.entities.length;
  const url = `${baseUrls(ctx.env).catalog}/entities/by-query?limit=1`;
  let lastReport = 0;
  await waitFor(
    `the catalog to process ${expected} entities (log: ${host.logFile})`,
    async () => {
      const { body } = await expectOk<{ totalItems: number }>(
        url,
        ctx.env.token,
      );
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        log(`catalog: ${body.totalItems} of ${expected} entities stitched`);
      }
      if (body.totalItems < expected) return undefined;
      const queued = await stitchQueueLength(ctx.env);
      return queued ? undefined : true;
    },
    45 * 60_000,
    2000,
  );
  return Date.now() - start;
}

const memoryOf = (host: Host, afterStartMb: number): Memory => ({
  afterStartMb,
  peakMb: host.rss().peakMb,
});

/** The catalog etags of `refs`, in one request. */
async function etagsOf(env: BenchEnvironment, refs: string[]) {
  const { body } = await expectOk<{
    items: ({ metadata: { etag: string } } | null)[];
  }>(`${baseUrls(env).catalog}/entities/by-refs`, env.token, {
    method: 'POST',
    json: { entityRefs: refs, fields: ['metadata.etag'] },
  });
  return new Map(refs.map((ref, i) => [ref, body.items[i]!.metadata.etag]));
}

/** This project: the full run cold and with nothing changed, then single scorecard reads. */
export function measureReadiness(ctx: PhaseContext): Promise<ReadinessFigures> {
  const urls = baseUrls(ctx.env);
  return withHost(
    ctx,
    'readiness',
    path.join(here, 'readinessHost.ts'),
    ctx.repoRoot,
    async host => {
      const afterStartMb = host.rss().rssMb;
      // The full run's task (`COMPUTE_TASK_ID` in the backend).
      const taskId = 'readiness-compute';
      if (!(await host.tasks()).includes(`readiness/${taskId}`)) {
        throw new Error('The readiness plugin scheduled no full run');
      }
      const load = loadAverage();
      const coldMs = await host.runTask('readiness', taskId);
      // A full run that cannot read the catalog records that and returns.
      const { body: probe } = await expectOk<{
        lastFullRun: { finishedAt?: string };
      }>(`${urls.readiness}/health/ready`, ctx.env.token);
      if (!probe.lastFullRun.finishedAt) {
        throw new Error(
          `The readiness full run did not complete; see ${host.logFile}`,
        );
      }
      const coldParts = await lastFullRunParts(ctx.env);
      log(
        `readiness full run, cold: ${coldMs.toFixed(0)} ms ${describe(
          coldParts,
        )}`,
      );
      const unchanged: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        unchanged.push(await host.runTask('readiness', taskId));
      }
      const unchangedParts = await lastFullRunParts(ctx.env);
      log(
        `readiness full run, nothing changed: ${unchanged
          .map(ms => ms.toFixed(0))
          .join(', ')} ms (last: ${describe(unchangedParts)})`,
      );
      const freshness = await measureFreshness(host, catalogOf(ctx), ctx.runs);
      log(
        `readiness freshness pass: first ${passLine(
          freshness.first,
        )}; nothing changed ${passLine(freshness.unchanged)}`,
      );
      // With the entity's etag, as the entity page sends it (it has just
      // read the entity from the catalog); read here, unmeasured.
      const etags = await etagsOf(ctx.env, ctx.sample);
      const readEntity = (ref: string) =>
        timedRequest(
          `${urls.readiness}/entities/${pathOf(ref)}?${new URLSearchParams({
            etag: etags.get(ref)!,
          })}`,
          ctx.env.token,
        );
      const read = await latency(ctx.sample, readEntity);
      const readAgain = await latency(ctx.sample, readEntity, 0);
      for (const [name, figures] of Object.entries({ read, readAgain })) {
        log(
          `readiness entity ${name}: p50 ${figures.p50.toFixed(
            1,
          )} ms, p99 ${figures.p99.toFixed(1)} ms`,
        );
      }
      return {
        coldMs,
        coldParts,
        unchangedMs: median(unchanged),
        unchangedParts,
        read,
        readAgain,
        freshness,
        memory: memoryOf(host, afterStartMb),
        loadAverage: load,
      };
    },
  );
}

interface CheckRunResult {
  entity: string;
  results: unknown[];
}

/** Tech Insights: fact retrieval, the bulk check run (three ways), then single-entity runs. */
export function measureTechInsights(
  ctx: PhaseContext,
): Promise<TechInsightsFigures> {
  const urls = baseUrls(ctx.env);
  const scored = ctx.organisation.scoredRefs;
  const tiDir = path.join(here, 'tech-insights');
  return withHost(
    ctx,
    'tech-insights',
    path.join(tiDir, 'host.ts'),
    tiDir,
    async host => {
      const afterStartMb = host.rss().rssMb;
      const task = (await host.tasks()).find(t =>
        t.startsWith('tech-insights/'),
      );
      if (!task) throw new Error('Tech Insights scheduled no fact retriever');
      const load = loadAverage();
      const factRetrieval = await withCatalogCpu(
        host,
        catalogOf(ctx),
        'tech-insights',
        task.slice('tech-insights/'.length),
      );
      log(`tech insights fact retrieval: ${passLine(factRetrieval)}`);

      // Every entity with facts (an empty list means all of them): the usual bulk run.
      const bulk: number[] = [];
      let bulkEntities = 0;
      for (let i = 0; i < ctx.runs; i++) {
        const { ms, body } = await expectOk<CheckRunResult[]>(
          `${urls.techInsights}/checks/run`,
          ctx.env.token,
          {
            method: 'POST',
            json: { entities: [] },
          },
        );
        const complete = body.filter(
          r => r.results.length === BENCH_CHECKS.length,
        );
        if (complete.length !== scored.length) {
          throw new Error(
            `Tech Insights checked ${complete.length} of ${scored.length} entities fully; see ${host.logFile}`,
          );
        }
        bulk.push(ms);
        bulkEntities = body.length;
      }
      log(
        `tech insights bulk /checks/run: ${bulk
          .map(ms => ms.toFixed(0))
          .join(', ')} ms`,
      );

      // The same run asked for by ref, as a client naming its entities would.
      const one = await timedRequest(
        `${urls.techInsights}/checks/run`,
        ctx.env.token,
        {
          method: 'POST',
          json: { entities: scored },
        },
      );
      log(
        `tech insights bulk with ${
          scored.length
        } explicit refs in one request: HTTP ${one.status}, ${one.ms.toFixed(
          0,
        )} ms`,
      );
      let batchedMs = 0;
      let requests = 0;
      for (let i = 0; i < scored.length; i += ctx.batchSize) {
        const { ms } = await expectOk(
          `${urls.techInsights}/checks/run`,
          ctx.env.token,
          {
            method: 'POST',
            json: { entities: scored.slice(i, i + ctx.batchSize) },
          },
        );
        batchedMs += ms;
        requests++;
      }
      log(
        `tech insights bulk in ${requests} requests of ${
          ctx.batchSize
        } refs: ${batchedMs.toFixed(0)} ms`,
      );

      const single = await latency(ctx.sample, ref =>
        timedRequest(
          `${urls.techInsights}/checks/run/${pathOf(ref)}`,
          ctx.env.token,
          {
            method: 'POST',
            json: {},
          },
        ),
      );
      log(
        `tech insights single entity run: p50 ${single.p50.toFixed(
          1,
        )} ms, p99 ${single.p99.toFixed(1)} ms`,
      );
      return {
        factRetrievalMs: factRetrieval.ms,
        factRetrievalCatalogCpuMs: factRetrieval.catalogCpuMs,
        bulkMs: median(bulk),
        bulkEntities,
        explicitOneRequest: {
          status: one.status,
          ms: one.ms,
          refs: scored.length,
        },
        explicitBatched: { ms: batchedMs, requests, batchSize: ctx.batchSize },
        single,
        memory: memoryOf(host, afterStartMb),
        loadAverage: load,
      };
    },
  );
}
