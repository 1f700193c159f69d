/*
 * The backend side of the full-run benchmark, in a process of its own: it
 * holds what the backend holds (engine, store, the full run's state) and
 * reads the catalog from the parent over IPC, so its peak RSS is the
 * backend's, apart from the generated organisation. Started by
 * fullRunBench.ts; not run by hand.
 */
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { measureCampaigns, CampaignRun } from './campaignBench';
import { measureSweep, SweepRun } from './sweepBench';
import knexFactory, { Knex } from 'knex';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import {
  LastRunState,
  ReadinessComputation,
} from '../src/service/ReadinessComputation';
import { remoteCatalog } from './benchCatalog';
import { quietLogger } from './quietLogger';
import { databaseCpuSince } from './databaseCpu';
import { profiled } from './profile';

/** What the parent asks for. */
export interface FullRunJob {
  database: Knex.Config;
  runs: number;
  /** Where to write a CPU profile of the nothing-changed runs, if anywhere. */
  cpuProfile?: string;
  /** Profile the cold runs instead of the nothing-changed ones. */
  profileCold?: boolean;
}

/** One measured run: wall time, and the CPU time of this process (both threads' share of it on a loaded machine). */
export interface MeasuredRun {
  ms: number;
  cpuMs: number;
  /** Statements sent to the database: each is at least one round trip. */
  queries: number;
  /** PostgreSQL's CPU time on the run's connections (same two cores), when it can be read. */
  databaseCpuMs?: number;
  state: LastRunState;
}

/** What the child reports. */
export interface FullRunReport {
  cold: MeasuredRun[];
  unchanged: MeasuredRun[];
  /** Highest figures sampled during the cold runs and during the others, and the RSS before the first. */
  coldPeak: MemoryPeak;
  unchangedPeak: MemoryPeak;
  baselineRssMb: number;
  /** Every campaign's progress computed again, as after each full run. */
  campaigns: CampaignRun[];
  campaignsPeak: MemoryPeak;
  /** The notification sweep: the first pass (sending), then the others. */
  sweeps: SweepRun[];
  sweepsPeak: MemoryPeak;
}

const MB = 1024 * 1024;

/**
 * The one call the computation makes of the auth service. (The test
 * utilities' mock would load ~90 MB of modules into the process measured.)
 */
const serviceAuth = {
  getOwnServiceCredentials: async () =>
    ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:readiness' },
    } as BackstageCredentials),
} as unknown as AuthService;

/** Peaks of memory figures, in MB. */
export interface MemoryPeak {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/**
 * Samples the RSS (and the V8 heap and the buffers within it) every 20 ms;
 * between pages the event loop runs. `peak()` gives the highest figures
 * since the last call.
 */
function memorySampler() {
  let peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external + m.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  return {
    peak: (): MemoryPeak => {
      sample();
      const result = {
        rssMb: peak.rss / MB,
        heapUsedMb: peak.heapUsed / MB,
        heapTotalMb: peak.heapTotal / MB,
        externalMb: peak.external / MB,
      };
      peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
      return result;
    },
    stop: () => clearInterval(timer),
  };
}

async function timed(
  knex: Knex,
  fn: () => Promise<LastRunState>,
): Promise<MeasuredRun> {
  let queries = 0;
  const count = () => queries++;
  const databaseCpu = await databaseCpuSince(knex);
  knex.on('query', count);
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const state = await fn().finally(() => knex.off('query', count));
  const used = process.cpuUsage(cpu);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    state,
    queries,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    databaseCpuMs: await databaseCpu(),
  };
}

async function measure(job: FullRunJob): Promise<FullRunReport> {
  const knex = knexFactory(job.database);
  try {
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const model = buildReadinessModel();
    const engine = new ReadinessEngine(model, catalogDetectors);
    const catalog = remoteCatalog();
    const computation = new ReadinessComputation({
      engine,
      store,
      catalog,
      auth: serviceAuth,
      logger: quietLogger,
      snapshotRetentionDays: 400,
    });
    const baselineRssMb = process.memoryUsage.rss() / MB;
    const sampler = memorySampler();
    const cold: MeasuredRun[] = [];
    await profiled(job.profileCold ? job.cpuProfile : undefined, async () => {
      for (let i = 0; i < job.runs; i++) {
        // Cold: no stored scorecard, so every entity is scored and written.
        await knex('readiness_scorecards').delete();
        cold.push(await timed(knex, () => computation.runFull()));
      }
    });
    const coldPeak = sampler.peak();
    // The cold runs deleted every scorecard again and again; a portal's
    // next run finds the table vacuumed (autovacuum has had half an hour),
    // not a vacuum running beside it.
    if (knex.client.config.client === 'pg') await knex.raw('VACUUM ANALYZE');
    const unchanged: MeasuredRun[] = [];
    await profiled(job.profileCold ? undefined : job.cpuProfile, async () => {
      for (let i = 0; i < job.runs; i++) {
        unchanged.push(await timed(knex, () => computation.runFull()));
      }
    });
    const unchangedPeak = sampler.peak();
    const campaigns = await measureCampaigns({
      knex,
      store,
      model,
      runs: job.runs,
      credentials: () => serviceAuth.getOwnServiceCredentials(),
    });
    const campaignsPeak = sampler.peak();
    const sweeps = await measureSweep({
      knex,
      store,
      model,
      engine,
      catalog,
      auth: serviceAuth,
      runs: job.runs,
    });
    const sweepsPeak = sampler.peak();
    sampler.stop();
    return {
      cold,
      unchanged,
      coldPeak,
      unchangedPeak,
      baselineRssMb,
      campaigns,
      campaignsPeak,
      sweeps,
      sweepsPeak,
    };
  } finally {
    await knex.destroy();
  }
}

process.on('message', (message: { job?: FullRunJob }) => {
  if (!message?.job) return;
  measure(message.job).then(
    report => {
      process.send!({ report }, () => process.exit(0));
    },
    error => {
      process.send!({ error: String(error?.stack ?? error) }, () =>
        process.exit(1),
      );
    },
  );
});
