/*
 * Benchmark of the readiness engine on a seeded synthetic organisation.
 *
 *   npm run bench:engine                      (from the repository root)
 *   npm run bench --workspace @prodready/plugin-readiness-common -- --runs=5
 *
 * Options: --entities=100000 --runs=5 --seed=20260914 --batch=500 --retain
 *          --path=scorecard|summary (default: both, taking turns run by run)
 *          --cpu-prof=<file.cpuprofile>  (profiles the runs only, of the paths
 *          run; prints a summary)
 *
 * It generates, with a seeded PRNG (src/testUtils/syntheticOrg.ts), 100,000 scored
 * entities (systems, components, resources) owned by ~2,000 groups four
 * levels deep, with domains, users, dependencies and a mix of readiness
 * annotations (some malformed), portal answers, pushed results and role
 * assignments. Then, several times, it does in memory what the backend's
 * full run does:
 *
 *   1. score: `inheritableFrom` for every System, then `score` for every
 *      entity with its portal answers, roles, pushed results and System, in
 *      batches of 500 (the backend's batch size; the scorecards of a batch
 *      are then let go, as the backend writes them to the database, unless
 *      --retain keeps all of them); on the summary path, `summarize` instead
 *      of `score` (statuses and rollup member, no scorecard);
 *   2. rollup: the rollup member of every entity of the batch, added to a
 *      `RollupBuilder` (per-rollup sums only, as the backend's rebuild adds
 *      the stored members page by page), then `build` once at the end.
 *
 * It prints check evaluations per second (scoring only), the time of each
 * phase, the CPU time, and the peak memory (rss and heapUsed, sampled after
 * every batch). A full GC runs between runs, never inside one.
 *
 * Then it times parts of the work alone, over the same entities, as lower
 * bounds of what scoring can cost: reading every annotation, parsing every
 * readiness annotation (the engine's scanner, answers handed to a sink that
 * keeps nothing), and running every detector once per entity.
 *
 * Not a test: run it on a quiet machine.
 */
/* eslint-disable no-console */
import { cpus, loadavg } from 'os';
import {
  buildReadinessModel,
  RollupBuilder,
  EntityScorecard,
  EntitySummary,
  ReadinessEngine,
  ReadinessModel,
  toRollupMember,
} from '../src';
import {
  benchDetectors,
  generateOrg,
  NOW,
  SyntheticOrg,
  syntheticInheritables,
  syntheticScoringInput,
} from '../src/testUtils';
import { GcPauses, printProfileSummary, RunProfiler } from './runProfile';
import { collectGarbage, median, timeParts } from './workParts';

// ---------------------------------------------------------------------------
// Options

function option(name: string, fallback: number): number {
  const arg = process.argv.find(a => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number`);
  }
  return value;
}

const ENTITIES = option('entities', 100_000);
const RUNS = option('runs', 5);
const SEED = option('seed', 20260914);
const BATCH = option('batch', 500);
const RETAIN = process.argv.includes('--retain');
type ScoringPath = 'scorecard' | 'summary';
const PATH_ARG = process.argv
  .find(a => a.startsWith('--path='))
  ?.slice('--path='.length);
if (PATH_ARG && PATH_ARG !== 'scorecard' && PATH_ARG !== 'summary') {
  throw new Error('--path must be scorecard or summary');
}
const PATHS: ScoringPath[] = PATH_ARG
  ? [PATH_ARG as ScoringPath]
  : ['scorecard', 'summary'];
const CPU_PROFILE = process.argv
  .find(a => a.startsWith('--cpu-prof='))
  ?.slice('--cpu-prof='.length);
const TARGET_MS = 1_500;

// ---------------------------------------------------------------------------
// Measurement

const MB = 1024 * 1024;
const peak = { rss: 0, heapUsed: 0 };

function sampleMemory() {
  const { rss, heapUsed } = process.memoryUsage();
  if (rss > peak.rss) peak.rss = rss;
  if (heapUsed > peak.heapUsed) peak.heapUsed = heapUsed;
}

interface RunResult {
  checkEvaluations: number;
  /** CPU time of the process (all threads, GC helpers included) during the run. */
  cpuMs: number;
  /** Garbage collection pauses on the main thread during the run. */
  gcMs: number;
  scoreMs: number;
  rollupMs: number;
  rollups: number;
  hierarchyProblems: number;
  meanScore: number;
}

/**
 * One full computation. By default it follows the backend's full run: score
 * in batches of 500, add each batch's rollup members to the rollup sums, let
 * the scorecards go (the backend writes them to the database), then build
 * the rollups.
 * With `--retain` every scorecard is kept until the rollups are done.
 */
function run(
  model: ReadinessModel,
  org: SyntheticOrg,
  path: ScoringPath,
): Omit<RunResult, 'gcMs'> {
  const engine = new ReadinessEngine(model, benchDetectors);
  const context = { now: NOW, catalog: org.catalog };
  const retained: (EntityScorecard | EntitySummary)[] = [];
  const builder = new RollupBuilder(org.structure);
  let scoreNs = 0n;
  let rollupNs = 0n;
  let checkEvaluations = 0;
  let scoreSum = 0;
  let scored = 0;

  const cpu = process.cpuUsage();
  let t = process.hrtime.bigint();
  const inheritables = syntheticInheritables(engine, org);
  scoreNs += process.hrtime.bigint() - t;

  for (let start = 0; start < org.scored.length; start += BATCH) {
    t = process.hrtime.bigint();
    const batch = org.scored.slice(start, start + BATCH);
    const scorecards = batch.map(entity => {
      const input = syntheticScoringInput(org, entity, inheritables);
      return path === 'summary'
        ? engine.summarize(input, context)
        : engine.score(input, context);
    });
    const t1 = process.hrtime.bigint();
    scoreNs += t1 - t;
    if (RETAIN) {
      retained.push(...scorecards);
    } else {
      for (const scorecard of scorecards) builder.add(memberOf(scorecard));
      rollupNs += process.hrtime.bigint() - t1;
    }
    for (const s of scorecards) {
      const score = 'member' in s ? s.member.score : s.score;
      checkEvaluations += 'member' in s ? s.statuses.length : s.checks.length;
      if (score !== null) {
        scoreSum += score;
        scored++;
      }
    }
    sampleMemory();
  }

  t = process.hrtime.bigint();
  for (const scorecard of retained) builder.add(memberOf(scorecard));
  const { rollups, problems } = builder.build();
  rollupNs += process.hrtime.bigint() - t;
  sampleMemory();

  const cpuUsed = process.cpuUsage(cpu);
  return {
    checkEvaluations,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    scoreMs: Number(scoreNs) / 1e6,
    rollupMs: Number(rollupNs) / 1e6,
    rollups: rollups.length,
    hierarchyProblems: problems.length,
    meanScore: scoreSum / scored,
  };
}

function memberOf(scored: EntityScorecard | EntitySummary) {
  return 'member' in scored ? scored.member : toRollupMember(scored);
}

/** Prints the medians of a path's runs; returns its score + rollup time. */
function printMedians(results: RunResult[]): number {
  const scoreMs = median(results.map(r => r.scoreMs));
  const rollupMs = median(results.map(r => r.rollupMs));
  const rate = results[0].checkEvaluations / (scoreMs / 1000);
  console.log(`Median of ${RUNS} runs (first run includes JIT warm-up):`);
  console.log(
    `  check evaluations per second: ${Math.round(rate).toLocaleString(
      'en-US',
    )}`,
  );
  console.log(`  time to score all entities:   ${scoreMs.toFixed(0)} ms`);
  console.log(`  time to compute all rollups:  ${rollupMs.toFixed(0)} ms`);
  console.log(
    `  score + rollup:               ${(scoreMs + rollupMs).toFixed(
      0,
    )} ms (CPU ${median(results.map(r => r.cpuMs)).toFixed(
      0,
    )} ms, GC pauses ${median(results.map(r => r.gcMs)).toFixed(0)} ms)`,
  );
  console.log(
    `  mean overall score ${results[0].meanScore.toFixed(2)}, ${
      results[0].hierarchyProblems
    } hierarchy problems reported`,
  );
  return scoreMs + rollupMs;
}

async function main() {
  const model = buildReadinessModel();
  const tg = Date.now();
  const org = generateOrg(model, ENTITIES, SEED);
  const generationMs = Date.now() - tg;
  const annotations = org.scored.reduce(
    (n, e) =>
      n +
      Object.keys(e.metadata.annotations ?? {}).filter(k =>
        k.startsWith('prodready.dev/'),
      ).length,
    0,
  );
  collectGarbage();
  const baseline = process.memoryUsage();

  console.log(
    `Readiness engine benchmark — Node ${process.version}, ${cpus().length} × ${
      cpus()[0]?.model ?? 'unknown CPU'
    } (load average ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}), seed ${SEED}, ${
      RETAIN ? 'all scorecards retained' : `batches of ${BATCH}`
    }`,
  );
  console.log(
    `Organisation: ${org.scored.length} scored entities (${
      org.systems.length
    } systems, ${
      org.scored.length - org.systems.length
    } components and resources), ${org.groups.length} groups (4 levels), ${
      org.domains.length
    } domains, ${
      org.users.length
    } users; ${annotations} readiness annotations, ${
      org.portalAnswers.size
    } entities with portal answers; ${
      model.checks.length
    } checks. Generated in ${generationMs} ms.`,
  );
  console.log(
    `Memory of the organisation (after a full GC): rss ${(
      baseline.rss / MB
    ).toFixed(0)} MB, heapUsed ${(baseline.heapUsed / MB).toFixed(0)} MB`,
  );
  const gc = new GcPauses();
  const profiler = CPU_PROFILE ? new RunProfiler() : undefined;
  // The paths take turns run by run, so that a change of load on this shared
  // machine weighs on both alike.
  const measured = new Map<
    ScoringPath,
    { run: Omit<RunResult, 'gcMs'>; from: number; to: number }[]
  >(PATHS.map(path => [path, []]));
  profiler?.start();
  for (let i = 0; i < RUNS; i++) {
    for (const path of PATHS) {
      collectGarbage();
      const from = performance.now();
      const r = run(model, org, path);
      measured.get(path)!.push({ run: r, from, to: performance.now() });
      sampleMemory();
    }
  }
  const totals = new Map<ScoringPath, number>();
  for (const path of PATHS) {
    console.log('');
    console.log(
      path === 'summary'
        ? 'Summary path (`summarize`: statuses and rollup members, no scorecard):'
        : 'Scorecard path (`score` + `toRollupMember`, what the full run does today):',
    );
    console.log(
      'run  checks evaluated    checks/s  score ms  rollup ms  total ms  CPU ms  GC ms  rollups',
    );
    // GC entries arrive after the runs (see GcPauses): rows are printed now.
    const results: RunResult[] = [];
    for (const [i, { run: r, from, to }] of measured.get(path)!.entries()) {
      const result = { ...r, gcMs: await gc.between(from, to) };
      results.push(result);
      console.log(
        [
          String(i + 1).padStart(3),
          String(r.checkEvaluations).padStart(16),
          String(Math.round(r.checkEvaluations / (r.scoreMs / 1000))).padStart(
            10,
          ),
          r.scoreMs.toFixed(0).padStart(8),
          r.rollupMs.toFixed(0).padStart(9),
          (r.scoreMs + r.rollupMs).toFixed(0).padStart(8),
          r.cpuMs.toFixed(0).padStart(6),
          result.gcMs.toFixed(0).padStart(5),
          String(r.rollups).padStart(7),
        ].join('  '),
      );
    }
    totals.set(path, printMedians(results));
  }
  const profile = CPU_PROFILE ? profiler!.stop(CPU_PROFILE) : undefined;
  gc.stop();
  console.log(
    `Peak memory (all runs): rss ${(peak.rss / MB).toFixed(0)} MB, heapUsed ${(
      peak.heapUsed / MB
    ).toFixed(0)} MB (${((peak.heapUsed - baseline.heapUsed) / MB).toFixed(
      0,
    )} MB above the organisation)`,
  );
  const parts = timeParts(model, org, RUNS);
  console.log('');
  console.log(`Parts of the work alone (median of ${RUNS}), lower bounds:`);
  console.log(
    `  read every annotation:                      ${parts.read.ms.toFixed(
      0,
    )} ms (${parts.read.count} readiness values)`,
  );
  console.log(
    `  parse every readiness annotation:           ${parts.parse.ms.toFixed(
      0,
    )} ms (${parts.parse.count} valid answers and role assignments)`,
  );
  console.log(
    `  run every detector on every entity:         ${parts.detect.ms.toFixed(
      0,
    )} ms (${parts.detect.count} findings)`,
  );
  // Issue 11's target, for 100,000 entities from scratch on this machine.
  for (const [path, total] of totals) {
    let verdict = `not applicable at ${ENTITIES} entities`;
    if (ENTITIES === 100_000) {
      verdict =
        total <= TARGET_MS
          ? 'met'
          : `MISSED by ${(total - TARGET_MS).toFixed(0)} ms`;
    }
    console.log(
      `Target (score + rollup of 100,000 entities ≤ ${TARGET_MS.toLocaleString(
        'en-US',
      )} ms), ${path} path: ${verdict}`,
    );
  }
  console.log(
    `Load average now ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  if (profile) {
    console.log('');
    printProfileSummary(profile);
    console.log(`Profile written to ${CPU_PROFILE}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
