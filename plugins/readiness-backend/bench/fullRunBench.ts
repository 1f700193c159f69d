/*
 * Full runs measured in a child process (fullRunProcess.ts) that reads the
 * catalog from this one: cold runs (no stored scorecard) and runs with
 * nothing changed, medians of several, with the issue's targets beside them,
 * and the backend's peak RSS apart from the generated organisation.
 */
import { fork } from 'child_process';
import { readFileSync } from 'fs';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { loadavg } from 'os';
import path from 'path';
import { CatalogPages, serveCatalog } from './benchCatalog';
import { topCosts } from './profile';
import type {
  FullRunJob,
  FullRunReport,
  MeasuredRun,
  MemoryPeak,
} from './fullRunProcess';
import type { SweepRun } from './sweepBench';

/** Issue 11's targets, by number of scored entities. */
const TARGETS: Record<number, { coldMs: number; unchangedMs: number }> = {
  10_000: { coldMs: 1_000, unchangedMs: 300 },
  100_000: { coldMs: 12_000, unchangedMs: 3_000 },
};
const RSS_TARGET_MB = 600;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

function describe(runs: MeasuredRun[], targetMs: number | undefined) {
  const m = median(runs.map(r => r.ms));
  const verdict =
    targetMs === undefined
      ? ''
      : ` — target ≤ ${ms(targetMs)}: ${
          m <= targetMs ? 'met' : `MISSED by ${ms(m - targetMs)}`
        }`;
  const last = runs[runs.length - 1].state;
  return `median ${ms(m)} of ${runs.length} (${runs
    .map(
      r =>
        `${ms(r.ms)}: catalog ${ms(r.state.catalogReadMs!)}, transactions ${ms(
          r.state.transactionMs!,
        )}, CPU ${ms(r.cpuMs)}${
          r.databaseCpuMs === undefined
            ? ''
            : ` (PostgreSQL ${ms(r.databaseCpuMs)})`
        }, ${r.queries} queries`,
    )
    .join('; ')}; ${last.rescored} scored, ${last.written} written, ${
    last.rollups
  } rollups)${verdict}`;
}

/**
 * Runs `runs` cold and `runs` nothing-changed full runs in a child process
 * against the database `knex` points at, and prints the figures.
 */
export async function measureFullRuns(options: {
  entities: Entity[];
  scored: number;
  knex: Knex;
  runs: number;
  cpuProfile?: string;
  profileCold?: boolean;
  /** The backend's V8 heap limit (`--max-old-space-size`); V8's default when absent. */
  heapLimitMb?: number;
  /** The backend's process prints each garbage collection (`--trace-gc`). */
  traceGc?: boolean;
}): Promise<FullRunReport> {
  const { client, connection, useNullAsDefault } = options.knex.client
    .config as Knex.Config;
  const job: FullRunJob = {
    database: { client, connection, useNullAsDefault },
    runs: options.runs,
    cpuProfile: options.cpuProfile,
    profileCold: options.profileCold,
  };
  const loadBefore = load();
  const child = fork(path.join(__dirname, 'fullRunProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ...(options.heapLimitMb
        ? [`--max-old-space-size=${options.heapLimitMb}`]
        : []),
      ...(options.traceGc ? ['--trace-gc'] : []),
    ],
  });
  serveCatalog(child, new CatalogPages(options.entities));
  const report = await new Promise<FullRunReport>((resolve, reject) => {
    child.on(
      'message',
      (message: { report?: FullRunReport; error?: string }) => {
        if (message?.report) resolve(message.report);
        if (message?.error) reject(new Error(message.error));
      },
    );
    child.on('exit', code => {
      if (code) reject(new Error(`the full-run process exited with ${code}`));
    });
    child.send({ job });
  });
  const target = TARGETS[options.scored];
  const profiled = (cold: boolean) =>
    options.cpuProfile && !!options.profileCold === cold
      ? ' (under the CPU profiler)'
      : '';
  console.log(
    `  full run, cold:            ${describe(
      report.cold,
      target?.coldMs,
    )}${profiled(true)}`,
  );
  console.log(
    `  full run, nothing changed: ${describe(
      report.unchanged,
      target?.unchangedMs,
    )}${profiled(false)}`,
  );
  const memory = (peak: MemoryPeak) =>
    `${peak.rssMb.toFixed(0)} MB (V8 heap used ≤ ${peak.heapUsedMb.toFixed(
      0,
    )} MB of ≤ ${peak.heapTotalMb.toFixed(
      0,
    )} MB, buffers ≤ ${peak.externalMb.toFixed(0)} MB)`;
  const rss = Math.max(report.coldPeak.rssMb, report.unchangedPeak.rssMb);
  console.log(
    `  backend peak RSS: cold runs ${memory(
      report.coldPeak,
    )}, nothing changed ${memory(
      report.unchangedPeak,
    )}; ${report.baselineRssMb.toFixed(
      0,
    )} MB before the first run; V8 heap limit ${
      options.heapLimitMb ? `${options.heapLimitMb} MB` : "V8's default"
    } — target ≤ ${RSS_TARGET_MB} MB at 100,000 entities${
      options.scored === 100_000
        ? `: ${rss <= RSS_TARGET_MB ? 'met' : 'MISSED'}`
        : ''
    }`,
  );
  const campaigns = report.campaigns;
  const waits = campaigns.flatMap(r =>
    r.writeWaitMs === undefined ? [] : [r.writeWaitMs],
  );
  console.log(
    `  campaign progress (2 campaigns asking ${
      campaigns[0]?.asked ?? 0
    } entities in all), after each full run: median ${ms(
      median(campaigns.map(r => r.ms)),
    )} of ${campaigns.length} (${campaigns
      .map(r => `${ms(r.ms)}: CPU ${ms(r.cpuMs)}, ${r.queries} queries`)
      .join('; ')})${
      waits.length
        ? `; a write arriving meanwhile waited ${waits.map(ms).join(', ')}`
        : ''
    }; peak RSS ${memory(report.campaignsPeak)}`,
  );
  const [firstSweep, unanalysed, ...sweeps] = report.sweeps;
  const sweepLine = (r: SweepRun) =>
    `${ms(r.ms)}: CPU ${ms(r.cpuMs)}, ${r.scored} of ${
      r.entities
    } entities scored again, ${r.catalogCalls} catalog requests, ${
      r.queries
    } queries, ${r.sent} sent`;
  console.log(
    `  notification sweep (every kind on): first pass ${sweepLine(
      firstSweep,
    )}; the pass right after it, before the tables are analysed, ${sweepLine(
      unanalysed,
    )}; then, analysed, median ${ms(median(sweeps.map(r => r.ms)))} of ${
      sweeps.length
    } (${sweeps.map(sweepLine).join('; ')}); peak RSS ${memory(
      report.sweepsPeak,
    )}`,
  );
  console.log(`  load average before ${loadBefore}, after ${load()}`);
  if (options.cpuProfile) {
    const profile = JSON.parse(readFileSync(options.cpuProfile, 'utf8'));
    console.log(
      `  top self time of the ${
        options.profileCold ? 'cold' : 'nothing-changed'
      } runs (${options.cpuProfile}):`,
    );
    for (const line of topCosts(profile, 20)) console.log(`    ${line}`);
  }
  return report;
}
