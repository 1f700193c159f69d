/*
 * The demo portal on a seeded organisation, for orgPageAtScale.mjs: seeding
 * (seedOrg.ts in a child process), starting `npm start` with everything that
 * would rescore the seed held back, the production build of packages/app
 * served beside the dev server, and a check through the API that the
 * backend serves the seed rather than the demo organisation.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { BACKEND, api, startDemoPortal } from '../lib/portal.mjs';
import { serveLegacyApp } from '../lib/legacyServer.mjs';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
/** Where the production build of packages/app is served (app-config.measure.yaml). */
export const PRODUCTION_FRONTEND = 'http://localhost:3001';

/** Runs a child to its end; resolves to its stdout, rejects with the tail of its output. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, ...options });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('exit', code =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${command} ${args.join(' ')} failed:\n${(out + err).slice(
                -3000,
              )}`,
            ),
          ),
    );
  });
}

/** Seeds `dataDir` (seedOrg.ts); resolves to its summary with the wall time. */
export async function seedOrganisation(dataDir, entities) {
  const started = Date.now();
  const out = await run(process.execPath, [
    '--require',
    '@backstage/cli/config/nodeTransform.cjs',
    'e2e/measure/seedOrg.ts',
    dataDir,
    `--entities=${entities}`,
  ]);
  return {
    ...JSON.parse(out.trim().split('\n').pop()),
    wallMs: Date.now() - started,
  };
}

/**
 * The demo portal (`npm start`, as e2e/run.mjs starts it) on `dataDir`.
 * APP_CONFIG_ overrides hold back the readiness full run (it would score the
 * small demo catalog and drop the seeded scorecards), the freshness pass,
 * the notices, the search collator (it would read 100,000 scorecards while
 * the page is measured) and the demo's seeded exemptions. They merge over
 * app-config.yaml's schedules, so the first full run comes after a day.
 */
export function startPortal(dataDir) {
  const later = JSON.stringify({ hours: 24 });
  const portal = startDemoPortal(root, dataDir, {
    APP_CONFIG_readiness_schedule_initialDelay: later,
    APP_CONFIG_readiness_freshness_enabled: 'false',
    APP_CONFIG_readiness_notifications_enabled: 'false',
    APP_CONFIG_search_collators_readiness_schedule_initialDelay: later,
    APP_CONFIG_demo_seedExemptions: 'false',
  });
  return {
    ...portal,
    /** Whether the backend restarted or the dev frontend rebuilt since `mark` (an output length): files changed under them. */
    restartedSince: mark =>
      /restarting the development server|Rspack compiled|Compiling/.test(
        portal.output().slice(mark),
      ),
  };
}

/**
 * Builds packages/app for PRODUCTION_FRONTEND into packages/app/dist (git-ignored;
 * `npm run build:app` builds it again for :3000) and serves it there;
 * resolves to a function that stops it.
 */
export async function serveProductionApp() {
  await run(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e/measure/app-config.measure.yaml',
    ],
    { cwd: path.join(root, 'packages/app') },
  );
  return serveLegacyApp({
    distDir: path.join(root, 'packages/app/dist'),
    port: Number(new URL(PRODUCTION_FRONTEND).port),
    backend: BACKEND,
  });
}

/** The demo organisation's groups (examples/org.yaml), which the tree must not show. */
function demoGroups() {
  return parseAllDocuments(
    readFileSync(path.join(root, 'examples/org.yaml'), 'utf8'),
  )
    .map(doc => doc.toJS())
    .filter(e => e?.kind === 'Group')
    .map(e => `group:default/${e.metadata.name}`);
}

const childrenOf = ref =>
  api(
    `/rollups?by=group&parent=${encodeURIComponent(
      ref,
    )}&sort=title&order=asc&limit=50`,
  );

/**
 * Checks through the API that the backend serves the seeded organisation
 * (its root groups, none of the demo's, about as many group rollups as
 * groups); returns what the runs expand: per division its first department
 * and that department's first area.
 */
export async function checkSeededOrganisation(seed) {
  const roots = await api(
    '/rollups?by=group&parent=none&limit=50&sort=title&order=asc',
  );
  const all = await api('/rollups?by=group&limit=1');
  const refs = roots.items.map(r => r.ref);
  const missing = seed.rootGroups.filter(ref => !refs.includes(ref));
  if (missing.length)
    throw new Error(`Root groups missing from the tree: ${missing}`);
  const demo = refs.filter(ref => demoGroups().includes(ref));
  if (demo.length)
    throw new Error(
      `The tree holds the demo's groups, not the seed's: ${demo}`,
    );
  if (all.totalCount < seed.groups * 0.9)
    throw new Error(
      `Only ${all.totalCount} group rollups for ${seed.groups} groups`,
    );
  const divisions = roots.items.filter(r => seed.rootGroups.includes(r.ref));
  const expansions = [];
  for (const division of divisions) {
    const [department] = (await childrenOf(division.ref)).items;
    const [area] = (await childrenOf(department.ref)).items;
    expansions.push({
      division: division.title ?? division.ref,
      divisionRef: division.ref,
      department: department.title ?? department.ref,
      divisionChild: department.ref,
      departmentChild: area.ref,
    });
  }
  return {
    rootCount: roots.totalCount,
    rootBytes: Buffer.byteLength(JSON.stringify(roots)),
    groupRollups: all.totalCount,
    entitiesUnderDivisions: divisions.reduce(
      (n, d) => n + d.aggregate.entities,
      0,
    ),
    computedAt: roots.computedAt,
    expansions,
  };
}
