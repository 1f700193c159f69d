/*
 * Scale benchmark of the readiness backend's computation on a real database:
 * the synthetic organisation of the engine benchmark (default 100,000 scored
 * entities in ~2,000 groups) served by the in-memory catalog service, scored
 * by ReadinessComputation into PostgreSQL (or SQLite), then:
 *
 *   - full runs, cold (no stored scorecard: every one written) and with
 *     nothing changed (input fingerprints skip the scoring), medians of
 *     --runs=3 each, in a child process that reads the catalog from this
 *     one over IPC, so that the backend's peak RSS is measured apart from
 *     the generated organisation (fullRunBench.ts; --cpu-prof profiles the
 *     nothing-changed runs and prints the top self times),
 *   - writes: one answer, then rescoring the entity and moving every ancestor
 *     rollup (what a PUT does after its HTTP checks),
 *   - reads over HTTP through the plugin's router (readBench.ts): an entity's
 *     scorecard (first read, then one client and 20 concurrent clients),
 *     group rollups and a group's children, title search, with issue 11's
 *     targets beside them (--cpu-prof-reads profiles the entity reads, first and kept);
 *   - the store's reads: a page of root rollups, a team's children, a page of
 *     a team's scorecards, title search.
 *
 *   npm run bench --workspace @prodready/plugin-readiness-backend -- --entities=100000
 *
 * --backend-heap-mb=N caps the full runs' V8 heap (see HEAP_LIMIT_MB).
 * --trace-gc has the full runs' process print each garbage collection
 * (node's --trace-gc, not allowed in NODE_OPTIONS): the live heap after
 * each mark-compact, which the peak RSS follows.
 * --gzip reads as a browser does: gzip asked for, and the server behind the
 * compression middleware of Backstage's root router.
 * --reads-only skips the full-run, write and freshness figures (one full run
 * in this process stores the scorecards the reads need).
 *
 * PostgreSQL from READINESS_BENCH_PG (a server URL, e.g.
 * postgresql://postgres@127.0.0.1:5432; a fresh database is created and
 * dropped), otherwise a temporary SQLite file. Not a test: it prints figures.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  buildReadinessModel,
  catalogDetectors,
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import path from 'path';
import {
  addCatalogRelations,
  generateOrg,
} from '@prodready/plugin-readiness-common/testUtils';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import { describeStoredBytes, storedScorecardBytes } from './storedSize';
import { ReadinessComputation } from '../src/service/ReadinessComputation';
import { indexedCatalog } from './benchCatalog';
import { quietLogger } from './quietLogger';
import { importPortalAnswers } from './portalAnswers';
import { measureFullRuns } from './fullRunBench';
import { topCosts } from './profile';
import { measureReads } from './readBench';
import { FreshnessPass } from '../src/service/freshnessPass';
import { readFreshness } from '../src/service/freshnessSchedule';

function option(name: string, fallback: number) {
  const arg = process.argv.find(a => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

const ENTITIES = option('entities', 100_000);
const RUNS = option('runs', 3);
/** --cpu-prof profiles the nothing-changed full runs, --cpu-prof-cold the cold ones. */
const PROFILE_COLD = process.argv.includes('--cpu-prof-cold');
const CPU_PROFILE =
  process.argv.includes('--cpu-prof') || PROFILE_COLD
    ? path.join(tmpdir(), `readiness-full-run-${Date.now()}.cpuprofile`)
    : undefined;
/**
 * --backend-heap-mb=256 starts the full runs' process with
 * --max-old-space-size=256, as a portal's container usually is: V8 then
 * collects garbage before the old generation grows to four times what
 * is live (what it does with the default limit of a 24 GB machine).
 */
const HEAP_LIMIT_MB = option('backend-heap-mb', 0);
const TRACE_GC = process.argv.includes('--trace-gc');
/** Keeps the PostgreSQL database at the end (to EXPLAIN its queries); drop it yourself. */
const KEEP_DATABASE = process.argv.includes('--keep-database');
/** Only the reads, after one full run in this process (quicker, for profiling them). */
const READS_ONLY = process.argv.includes('--reads-only');
/** Reads as a browser makes them: gzip asked for, through Backstage's compression middleware. */
const GZIP = process.argv.includes('--gzip');
const READS_PROFILE = process.argv.includes('--cpu-prof-reads')
  ? path.join(tmpdir(), `readiness-reads-${Date.now()}`)
  : undefined;

const WRITES = option('writes', 30);

async function database(): Promise<{
  knex: Knex;
  label: string;
  drop: () => Promise<void>;
}> {
  const server = process.env.READINESS_BENCH_PG;
  if (server) {
    const name = `readiness_bench_${Date.now()}`;
    const admin = knexFactory({
      client: 'pg',
      connection: `${server}/postgres`,
    });
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = knexFactory({
      client: 'pg',
      connection: `${server}/${name}`,
      pool: { min: 1, max: 10 },
    });
    return {
      knex,
      label: 'PostgreSQL',
      drop: async () => {
        await knex.destroy();
        if (KEEP_DATABASE) console.log(`  database kept: ${server}/${name}`);
        else await admin.raw(`DROP DATABASE ${name}`);
        await admin.destroy();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-bench-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    label: 'SQLite',
    drop: async () => {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor(values.length * p))
  ];
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

/**
 * The freshness pass: how long an annotation edited in the catalog waits
 * for its scorecard and rollups.
 */
async function benchFreshness(
  computation: ReadinessComputation,
  store: DatabaseReadinessStore,
  engine: ReadinessEngine,
  entities: Entity[],
) {
  const pass = new FreshnessPass({
    engine,
    store,
    computation,
    catalog: indexedCatalog(entities),
    auth: mockServices.auth(),
    logger: quietLogger,
  });
  const [, firstMs] = await time(() => pass.run());
  console.log(
    `  freshness pass, first (reads and records the facts of every entity it reads): ${ms(
      firstMs,
    )}`,
  );
  const quiet: number[] = [];
  let compared = 0;
  for (let i = 0; i < 3; i++) {
    const [result, t] = await time(() => pass.run());
    if (result.recomputed) throw new Error('nothing changed, yet it scored');
    quiet.push(t);
    compared = result.entities;
  }
  const edited: number[] = [];
  const components = entities.filter(e => e.kind === 'Component');
  for (let i = 0; i < 3; i++) {
    const entity = components[i * 7];
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      'prodready.dev/check.support.runbooks': i % 2 ? 'met' : 'not-met',
    };
    entity.metadata.etag = `${entity.metadata.etag}-edited-${i}`;
    const [result, t] = await time(() => pass.run());
    if (result.recomputed !== 1) throw new Error('the edit was not scored');
    edited.push(t);
  }
  const median = (values: number[]) => percentile(values, 0.5);
  console.log(
    `  freshness pass, nothing changed: median ${ms(
      median(quiet),
    )} of 3 (${compared} refs and etags compared of the catalog's ${
      entities.length
    } entities, nothing scored)`,
  );
  console.log(
    `  freshness pass, one annotation changed: median ${ms(
      median(edited),
    )} of 3 (the entity and its rollups scored again)`,
  );
  const { intervalSeconds } = readFreshness(undefined);
  const worst = intervalSeconds + median(edited) / 1000;
  console.log(
    `  edit → scorecard and rollups, worst case: ${intervalSeconds} s interval + ${ms(
      median(edited),
    )} pass = ${worst.toFixed(1)} s (target ≤ 120 s: ${
      worst <= 120 ? 'met' : 'MISSED'
    })`,
  );
}

async function main() {
  const model = buildReadinessModel();
  const engine = new ReadinessEngine(model, catalogDetectors);
  const org = generateOrg(model, ENTITIES, 20260914);
  const entities = [...org.groups, ...org.users, ...org.domains, ...org.scored];
  const relations = addCatalogRelations(entities);
  // Every catalog entity has an etag; the generator's have none.
  entities.forEach((e, i) => {
    e.metadata.etag ??= `bench-${i}`;
  });
  const { knex, label, drop } = await database();
  try {
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const answers = await importPortalAnswers(
      store,
      org.portalAnswers,
      'user:default/bench',
      '2026-11-01T00:00:00.000Z',
    );

    const computation = new ReadinessComputation({
      engine,
      store,
      catalog: indexedCatalog(entities),
      auth: mockServices.auth(),
      logger: quietLogger,
      snapshotRetentionDays: 400,
    });

    console.log(
      `Readiness backend benchmark — ${label}, Node ${process.version}, ${
        cpus().length
      } × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    );
    console.log(
      `  ${org.scored.length} scored entities, ${org.groups.length} groups, ${org.users.length} users, ${relations} relations, ${answers} portal answers`,
    );
    if (READS_ONLY) {
      await computation.runFull();
    } else {
      await measureFullRuns({
        entities,
        scored: org.scored.length,
        knex,
        runs: RUNS,
        cpuProfile: CPU_PROFILE,
        profileCold: PROFILE_COLD,
        heapLimitMb: HEAP_LIMIT_MB || undefined,
        traceGc: TRACE_GC,
      });
    }
    console.log(`  ${describeStoredBytes(await storedScorecardBytes(knex))}`);

    const teams = org.groups
      .filter(g => g.spec?.type === 'team')
      .map(entityRefOf);
    const targets = org.scored
      .filter(e => e.kind === 'Component')
      .slice(0, WRITES);
    const writeTimes: number[] = [];
    for (const [i, entity] of READS_ONLY ? [] : targets.entries()) {
      const ref = entityRefOf(entity);
      const current = await store.getAnswer(ref, 'scalability.sizing');
      const [, t] = await time(() =>
        computation.recompute(entity, tx =>
          store.putAnswer(
            tx,
            ref,
            'scalability.sizing',
            { status: i % 2 ? 'met' : 'not-met' },
            'user:default/bench',
            current?.version ?? 0,
          ),
        ),
      );
      writeTimes.push(t);
    }
    if (writeTimes.length) {
      console.log(
        `  write + rescore + ancestors: p50 ${ms(
          percentile(writeTimes, 0.5),
        )}, p95 ${ms(percentile(writeTimes, 0.95))} (${WRITES} writes)`,
      );
    }

    await measureReads({
      entities,
      scored: org.scored,
      parentGroup: org.structure.groups.find(g => g.ref === teams[0])!.parent!,
      cpuProfile: READS_PROFILE,
      knex,
      gzip: GZIP,
    });
    if (READS_PROFILE) {
      for (const file of readdirSync(tmpdir())
        .map(f => path.join(tmpdir(), f))
        .filter(f => f.startsWith(`${READS_PROFILE}-`))) {
        const profile = JSON.parse(readFileSync(file, 'utf8'));
        console.log(`  top self time of ${file}:`);
        for (const line of topCosts(profile, 15)) console.log(`    ${line}`);
      }
    }

    const reads: [string, () => Promise<unknown>][] = [
      [
        'root rollups page',
        () =>
          store.listRollups({
            kind: 'group',
            parent: null,
            limit: 50,
            offset: 0,
          }),
      ],
      [
        'a team’s parent’s children',
        () =>
          store.listRollups({
            kind: 'group',
            parent: org.structure.groups.find(g => g.ref === teams[0])!.parent,
            limit: 100,
            offset: 0,
          }),
      ],
      [
        'a team’s scorecards page',
        () =>
          store.listScorecards({
            owners: [teams[0]],
            limit: 50,
            offset: 0,
            sort: 'score',
          }),
      ],
      [
        'search scorecards',
        () => store.listScorecards({ search: 'svc-42', limit: 50, offset: 0 }),
      ],
      [
        'systems rollups page',
        () =>
          store.listRollups({
            kind: 'system',
            limit: 100,
            offset: 0,
            sort: 'score',
          }),
      ],
    ];
    for (const [name, read] of reads) {
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) samples.push((await time(read))[1]);
      console.log(`  read ${name}: p50 ${ms(percentile(samples, 0.5))}`);
    }
    if (!READS_ONLY) await benchFreshness(computation, store, engine, entities);
    console.log(
      `  peak rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    await drop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
