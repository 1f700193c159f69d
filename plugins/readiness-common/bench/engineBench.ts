/*
 * Benchmark of the readiness engine on a seeded synthetic organisation.
 *
 *   npm run bench:engine                      (from the repository root)
 *   npm run bench --workspace @prodready/plugin-readiness-common -- --runs=5
 *
 * Options: --entities=100000 --runs=5 --seed=20260914 --batch=500 --retain
 *          --cpu-prof=<file.cpuprofile>  (profiles the runs only, prints a summary)
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
 *      --retain keeps all of them);
 *   2. rollup: `toRollupMember` for every scorecard, then `computeRollups`.
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
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import {
  buildReadinessModel,
  computeRollups,
  entityRefOf,
  EntityScorecard,
  InheritableReadiness,
  ReadinessEngine,
  ReadinessModel,
  RollupMember,
  toRollupMember,
} from '../src';
import {
  AnnotationModel,
  AnnotationSink,
  scanReadinessAnnotations,
} from '../src/annotationGrammar';
import {
  benchDetectors,
  generateOrg,
  NOW,
  SyntheticOrg,
} from '../src/testUtils';
import { GcPauses, printProfileSummary, RunProfiler } from './runProfile';

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
const CPU_PROFILE = process.argv
  .find(a => a.startsWith('--cpu-prof='))
  ?.slice('--cpu-prof='.length);
const TARGET_MS = 1_500;

// ---------------------------------------------------------------------------
// Measurement

const MB = 1024 * 1024;
const peak = { rss: 0, heapUsed: 0 };

/**
 * A full garbage collection, without --expose-gc on the command line: used
 * only between runs, so that each run starts from the live organisation
 * rather than the generator's garbage.
 */
function collectGarbage() {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
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
 * in batches of 500, turn each batch into rollup members, let the scorecards
 * go (the backend writes them to the database), then compute the rollups.
 * With `--retain` every scorecard is kept until the rollups are done.
 */
function run(
  model: ReadinessModel,
  org: SyntheticOrg,
): Omit<RunResult, 'gcMs'> {
  const engine = new ReadinessEngine(model, benchDetectors);
  const context = { now: NOW, catalog: org.catalog };
  const retained: EntityScorecard[] = [];
  const members: RollupMember[] = [];
  let scoreNs = 0n;
  let rollupNs = 0n;
  let checkEvaluations = 0;
  let scoreSum = 0;
  let scored = 0;

  const cpu = process.cpuUsage();
  let t = process.hrtime.bigint();
  const inheritables = new Map<string, InheritableReadiness>();
  for (const system of org.systems) {
    const ref = entityRefOf(system);
    inheritables.set(
      ref,
      engine.inheritableFrom(
        system,
        org.portalAnswers.get(ref),
        org.portalRoles.get(ref),
      ),
    );
  }
  scoreNs += process.hrtime.bigint() - t;

  for (let start = 0; start < org.scored.length; start += BATCH) {
    t = process.hrtime.bigint();
    const batch = org.scored.slice(start, start + BATCH);
    const scorecards = batch.map(entity => {
      const ref = entityRefOf(entity);
      const system =
        typeof entity.spec?.system === 'string'
          ? inheritables.get(`system:default/${entity.spec.system}`)
          : undefined;
      return engine.score(
        {
          entity,
          portalAnswers: org.portalAnswers.get(ref),
          portalRoles: org.portalRoles.get(ref),
          automaticResults: org.pushedResults.get(ref),
          system,
        },
        context,
      );
    });
    const t1 = process.hrtime.bigint();
    scoreNs += t1 - t;
    if (RETAIN) {
      retained.push(...scorecards);
    } else {
      for (const scorecard of scorecards)
        members.push(toRollupMember(scorecard));
      rollupNs += process.hrtime.bigint() - t1;
    }
    for (const s of scorecards) {
      checkEvaluations += s.checks.length;
      if (s.score !== null) {
        scoreSum += s.score;
        scored++;
      }
    }
    sampleMemory();
  }

  t = process.hrtime.bigint();
  for (const scorecard of retained) members.push(toRollupMember(scorecard));
  const { rollups, problems } = computeRollups(members, org.structure);
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

/** Milliseconds of `fn`, median of `RUNS` runs, each after a full GC. */
function timePart(fn: () => number): { ms: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const t = process.hrtime.bigint();
    count = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: median(times), count };
}

/** Parts of the scoring work, each alone over every scored entity. */
function timeParts(model: ReadinessModel, org: SyntheticOrg) {
  const annotationModel: AnnotationModel = {
    checks: new Map(model.checks.map(c => [c.id, c])),
    roleIds: new Set(model.roles.map(r => r.id)),
  };
  const context = { catalog: org.catalog };
  return {
    read: timePart(() => {
      let n = 0;
      for (const entity of org.scored) {
        const annotations = entity.metadata.annotations ?? {};
        // eslint-disable-next-line guard-for-in
        for (const key in annotations) {
          if (key.startsWith('prodready.dev/') && annotations[key]) n++;
        }
      }
      return n;
    }),
    parse: timePart(() => {
      let n = 0;
      const sink: AnnotationSink = {
        answer: () => n++,
        invalidCheck: () => {},
        role: () => n++,
        invalidRole: () => {},
      };
      for (const entity of org.scored) {
        scanReadinessAnnotations(entity, annotationModel, sink, []);
      }
      return n;
    }),
    detect: timePart(() => {
      let n = 0;
      for (const entity of org.scored) {
        for (const detector of benchDetectors) {
          n += detector.detect(entity, context).length;
        }
      }
      return n;
    }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
    `Readiness engine benchmark — Node ${process.version}, ${
      cpus().length
    } CPUs (load average ${loadavg()
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
  console.log('');
  console.log(
    'run  checks evaluated    checks/s  score ms  rollup ms  total ms  CPU ms  GC ms  rollups',
  );

  const gc = new GcPauses();
  const profiler = CPU_PROFILE ? new RunProfiler() : undefined;
  const results: RunResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    if (i === 0) profiler?.start();
    const from = performance.now();
    const measured = run(model, org);
    const r = { ...measured, gcMs: await gc.between(from, performance.now()) };
    results.push(r);
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
        r.gcMs.toFixed(0).padStart(5),
        String(r.rollups).padStart(7),
      ].join('  '),
    );
  }
  const profile = CPU_PROFILE ? profiler!.stop(CPU_PROFILE) : undefined;
  gc.stop();

  const scoreMs = median(results.map(r => r.scoreMs));
  const rollupMs = median(results.map(r => r.rollupMs));
  const rate = results[0].checkEvaluations / (scoreMs / 1000);
  console.log('');
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
    `  peak memory (all runs):       rss ${(peak.rss / MB).toFixed(
      0,
    )} MB, heapUsed ${(peak.heapUsed / MB).toFixed(0)} MB (${(
      (peak.heapUsed - baseline.heapUsed) /
      MB
    ).toFixed(0)} MB above the organisation)`,
  );
  console.log(
    `  mean overall score ${results[0].meanScore.toFixed(2)}, ${
      results[0].hierarchyProblems
    } hierarchy problems reported`,
  );
  const parts = timeParts(model, org);
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
  const total = scoreMs + rollupMs;
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
    )} ms): ${verdict} (load average now ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')})`,
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
