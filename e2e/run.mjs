#!/usr/bin/env node
/*
 * End-to-end tests against the real portal: starts backend and frontend with
 * a fresh SQLite data folder, waits until the demo organisation is scored,
 * runs e2e/tests/*.test.mjs with node:test in headless Chromium, stops the
 * portal. Screenshots go to e2e/output/ (git-ignored).
 *
 * The portal's app (packages/app) is on the new frontend system. Beside it,
 * the production build of packages/app-legacy (the legacy frontend system)
 * is built here and served at LEGACY_FRONTEND against the same backend.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BACKEND,
  FRONTEND,
  LEGACY_FRONTEND,
  guestToken,
  startDemoPortal,
  waitFor,
} from './lib/portal.mjs';
import { serveLegacyApp } from './lib/legacyServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'readiness-e2e-'));
mkdirSync(path.join(root, 'e2e/output'), { recursive: true });

async function portsFree() {
  for (const url of [
    `${BACKEND}/api/readiness/health`,
    FRONTEND,
    LEGACY_FRONTEND,
  ]) {
    const busy = await fetch(url).then(
      () => true,
      () => false,
    );
    if (busy)
      throw new Error(
        `${url} already answers; stop the running portal before the e2e tests`,
      );
  }
}

await portsFree();
const portal = startDemoPortal(root, dataDir);

/** The legacy app's build while it runs. */
let building;

/** Builds packages/app-legacy for LEGACY_FRONTEND (see e2e/app-config.legacy.yaml). */
async function buildLegacyApp() {
  const build = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e/app-config.legacy.yaml',
    ],
    {
      cwd: path.join(root, 'packages/app-legacy'),
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, which stop() ends whole.
      detached: true,
    },
  );
  building = build;
  let output = '';
  build.stdout.on('data', d => (output += d));
  build.stderr.on('data', d => (output += d));
  const code = await new Promise(resolve =>
    build.on('exit', c => resolve(c ?? 1)),
  );
  building = undefined;
  if (code !== 0) {
    throw new Error(
      `Building packages/app-legacy failed:\n${output
        .split('\n')
        .slice(-40)
        .join('\n')}`,
    );
  }
}

let runner;
// Synchronous, as 'exit' needs: the legacy app's build, the test runner,
// the portal's process group and the data folder, whichever way the run
// ends.
const stop = () => {
  try {
    if (building) process.kill(-building.pid, 'SIGTERM');
  } catch {
    // Already ended.
  }
  runner?.kill('SIGTERM');
  portal.stop();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', stop);
// A signal ends the run through 'exit', so the portal's process group
// (detached, so a signal to this one does not reach it) is stopped too: a
// CI timeout would otherwise leave it holding the ports the next run needs.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

let code = 1;
let stopLegacy;
try {
  // Built while the portal starts.
  await buildLegacyApp();
  stopLegacy = await serveLegacyApp({
    distDir: path.join(root, 'packages/app-legacy/dist'),
    port: Number(new URL(LEGACY_FRONTEND).port),
    backend: BACKEND,
  });
  await waitFor(
    'backend',
    async () => (await fetch(`${BACKEND}/api/readiness/health`)).ok,
    180_000,
  );
  await waitFor('frontend', async () => (await fetch(FRONTEND)).ok, 300_000);
  await waitFor(
    'first readiness computation',
    async () => {
      const token = await guestToken();
      const res = await fetch(
        `${BACKEND}/api/readiness/rollups?by=group&limit=1`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      return res.ok && (await res.json()).totalCount > 0;
    },
    180_000,
  );
  // `npm run test:e2e -- portal search` runs only the files whose names
  // contain one of the words; no words runs them all.
  const only = process.argv.slice(2);
  const tests = readdirSync(path.join(root, 'e2e/tests'))
    .filter(f => f.endsWith('.test.mjs'))
    .filter(f => only.length === 0 || only.some(word => f.includes(word)))
    .map(f => path.join('e2e/tests', f));
  runner = spawn(
    process.execPath,
    // A test that hangs fails after 15 minutes rather than holding CI.
    ['--test', '--test-concurrency=1', '--test-timeout=900000', ...tests],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  code = await new Promise(resolve => runner.on('exit', c => resolve(c ?? 1)));
} catch (error) {
  console.error(String(error));
  console.error(portal.output().split('\n').slice(-60).join('\n'));
} finally {
  await stopLegacy?.();
  runner = undefined;
  stop();
}
process.exit(code);
