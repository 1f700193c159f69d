/*
 * `npm run bench:compare`: this project's readiness backend beside Tech
 * Insights on the same generated organisation, in one run. For each size,
 * the organisation is loaded into a real catalog on PostgreSQL (scratch
 * databases, dropped at the end), then each side runs in a backend process
 * of its own; the bench prints a table with the ratios and the targets, and
 * rewrites its section of docs/benchmarks.md and the chart.
 *
 *   npm run bench:compare -- --sizes=1000,10000 --runs=3 --reads=200
 *
 * Options: --sizes (scored entities per organisation), --runs (repetitions
 * of the repeatable runs; medians reported), --reads (single-entity requests
 * per side), --batch (refs per explicit-ref Tech Insights request),
 * --no-doc (print only), --report-from=<figures.json> (print and write the
 * document from the figures a run saved, without measuring), --cpu-prof
 * (the readiness and catalog hosts write CPU profiles, node's --cpu-prof,
 * into a folder the bench prints; open them in Chrome DevTools). PostgreSQL from BENCH_COMPARE_PG (default
 * postgresql://postgres@127.0.0.1:5432, trust authentication).
 * Type-check with `npx tsc -p bench/compare` (not part of the root tsc).
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'fs';
import { createServer } from 'net';
import os from 'os';
import path from 'path';
import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import { renderChart } from './chart';
import { BenchEnvironment } from './environment';
import { loadAverage } from './http';
import { benchOrganisation } from './organisation';
import { dropScratchDatabases, serverVersion, vacuumCatalog } from './postgres';
import { BenchRun, printTable, SizeResult, writeDoc } from './report';
import {
  measureReadiness,
  measureTechInsights,
  PhaseContext,
  startCatalog,
  waitForCatalog,
} from './sides';

const REPO_ROOT = path.resolve(__dirname, '../..');
const TI_WORKSPACE = path.join(__dirname, 'tech-insights');

function option(name: string, fallback: string) {
  const arg = process.argv.find(a => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}
const positive = (name: string, fallback: number) => {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
};

/** Installs the Tech Insights workspace on first use (and when its lockfile changes). */
function ensureTechInsightsInstalled() {
  const marker = path.join(TI_WORKSPACE, 'node_modules', '.package-lock.json');
  const lock = path.join(TI_WORKSPACE, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs)
    return;
  console.log(
    'Installing Tech Insights in bench/compare/tech-insights (first use) ...',
  );
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: TI_WORKSPACE,
    stdio: 'inherit',
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function postgresFrom(url: string): BenchEnvironment['postgres'] {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'postgres'),
  };
}

/** An even spread of `count` refs over the scored entities (all kinds, both sides alike). */
const spread = (refs: string[], count: number) =>
  Array.from(
    { length: Math.min(count, refs.length) },
    (_, i) =>
      refs[Math.floor((i * refs.length) / Math.min(count, refs.length))],
  );

let cleanup: (() => Promise<void>) | undefined;
function stopOn(signal: NodeJS.Signals) {
  console.error(
    `\n${signal}: stopping the backends and dropping the scratch databases ...`,
  );
  (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
}
process.once('SIGINT', stopOn);
process.once('SIGTERM', stopOn);

async function measureSize(
  n: number,
  options: {
    runs: number;
    reads: number;
    batch: number;
    postgres: BenchEnvironment['postgres'];
    profileDir?: string;
  },
): Promise<SizeResult> {
  console.log(
    `\n${n.toLocaleString(
      'en-US',
    )} scored entities (load average ${loadAverage()})`,
  );
  const organisation = benchOrganisation(n);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
  const env: BenchEnvironment = {
    ports: {
      catalog: await freePort(),
      readiness: await freePort(),
      techInsights: await freePort(),
    },
    postgres: options.postgres,
    databasePrefix: `bench_compare_${Date.now().toString(36)}_`,
    token: randomBytes(24).toString('hex'),
    organisationFile: path.join(tmp, 'organisation.json'),
  };
  writeFileSync(env.organisationFile, JSON.stringify(organisation.entities));
  const ctx: PhaseContext = {
    env,
    organisation,
    sample: spread(organisation.scoredRefs, options.reads),
    runs: options.runs,
    batchSize: options.batch,
    logDir: tmp,
    repoRoot: REPO_ROOT,
    profileDir: options.profileDir && path.join(options.profileDir, String(n)),
  };
  console.log(`  logs in ${tmp}`);
  const catalog = startCatalog(ctx);
  ctx.catalog = catalog;
  let finished = false;
  cleanup = async () => {
    await catalog.stop().catch(() => undefined);
    await dropScratchDatabases(env).catch(error =>
      console.error(
        `Could not drop the databases ${env.databasePrefix}*: ${error}`,
      ),
    );
    // Logs stay when the run failed, to read why.
    if (finished) rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const catalogLoadMs = await waitForCatalog(ctx, catalog, Date.now());
    console.log(`  catalog loaded in ${(catalogLoadMs / 1000).toFixed(0)} s`);
    const vacuumStart = Date.now();
    await vacuumCatalog(env);
    console.log(
      `  catalog tables vacuumed and analysed in ${(
        (Date.now() - vacuumStart) /
        1000
      ).toFixed(1)} s`,
    );
    const readiness = await measureReadiness(ctx);
    const techInsights = await measureTechInsights(ctx);
    finished = true;
    return {
      n,
      counts: organisation.counts,
      catalogLoadMs,
      catalogPeakMb: catalog.rss().peakMb,
      reads: ctx.sample.length,
      runs: options.runs,
      readiness,
      techInsights,
    };
  } finally {
    await cleanup();
    cleanup = undefined;
  }
}

async function measure(): Promise<BenchRun> {
  const sizes = option('sizes', '1000,10000').split(',').map(Number);
  if (sizes.some(n => !Number.isInteger(n) || n < 100)) {
    throw new Error('--sizes: comma-separated entity counts of at least 100');
  }
  const options = {
    runs: positive('runs', 3),
    reads: positive('reads', 200),
    batch: positive('batch', 1000),
    postgres: postgresFrom(
      process.env.BENCH_COMPARE_PG ?? 'postgresql://postgres@127.0.0.1:5432',
    ),
    profileDir: process.argv.includes('--cpu-prof')
      ? path.join(os.tmpdir(), `bench-compare-profiles-${Date.now()}`)
      : undefined,
  };
  if (options.profileDir) {
    console.log(`CPU profiles of the hosts in ${options.profileDir}`);
  }
  ensureTechInsightsInstalled();
  const cpus = os.cpus();
  const run: BenchRun = {
    date: new Date().toISOString(),
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GB RAM, Linux ${os.release()}`,
    node: process.version,
    postgres: await serverVersion({
      postgres: options.postgres,
    } as BenchEnvironment),
    loadAverageAtStart: loadAverage(),
    modelChecks: buildReadinessModel().checks.length,
    sizes: [],
  };
  console.log(
    `bench:compare — ${run.machine}; Node ${run.node}; PostgreSQL ${run.postgres}`,
  );
  for (const n of sizes) run.sizes.push(await measureSize(n, options));
  run.loadAverageAtEnd = loadAverage();
  // The figures, to rewrite the document from them (--report-from) without measuring again.
  const saved = path.join(os.tmpdir(), `bench-compare-${Date.now()}.json`);
  writeFileSync(saved, JSON.stringify(run, null, 2));
  console.log(`\nFigures saved in ${saved}`);
  return run;
}

async function main() {
  const from = option('report-from', '');
  const run: BenchRun = from
    ? JSON.parse(readFileSync(from, 'utf8'))
    : await measure();
  printTable(run);
  if (!process.argv.includes('--no-doc')) {
    const chart = await renderChart(
      run,
      path.join(REPO_ROOT, 'docs', 'benchmarks-compare.png'),
    );
    writeDoc(run, path.join(REPO_ROOT, 'docs', 'benchmarks.md'), chart);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
