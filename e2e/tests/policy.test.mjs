/*
 * The demo policy end to end: the real permission backend evaluates the
 * catalog's isEntityOwner rule for the readiness update permissions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND, demoToken, guestToken } from '../lib/portal.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** The repository's readiness-cli, as a pipeline runs it: exit code and output. */
function readinessCli(args) {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'plugins/readiness-cli/bin/readiness-cli'), ...args],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? error.code ?? 1 : 0, output: stdout + stderr }),
    );
  });
}

async function put(token, path, body) {
  return fetch(`${BACKEND}/api/readiness${path}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

test('a non-owner gets 403, an owner may write, an admin may export', async () => {
  const path =
    '/entities/component/default/payments-ledger/answers/cost.people-cost';
  const bob = await demoToken('bob');
  const denied = await put(bob, path, { status: 'met', version: 0 });
  assert.equal(denied.status, 403);

  const alice = await guestToken();
  const current = await fetch(
    `${BACKEND}/api/readiness/entities/component/default/payments-ledger`,
    {
      headers: { Authorization: `Bearer ${alice}` },
    },
  ).then(r => r.json());
  const check = current.scorecard.checks.find(
    c => c.checkId === 'cost.people-cost',
  );
  const version =
    check.source === 'portal'
      ? check.answer.version
      : check.conflict?.portal.version ?? 0;
  const allowed = await put(alice, path, {
    status: 'partially-met',
    note: 'staffing plan in review',
    version,
  });
  assert.equal(allowed.status, 200);

  const exportAs = async token =>
    (
      await fetch(`${BACKEND}/api/readiness/export`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).status;
  assert.equal(await exportAs(alice), 403);
  assert.equal(await exportAs(await demoToken('carol')), 200);
});

test('the CI token pushes automatic results; the health check needs no token', async () => {
  const res = await fetch(`${BACKEND}/api/readiness/results`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer demo-ci-token',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      results: [
        {
          entityRef: 'component:default/search-api',
          checkId: 'recoverability.restore-test',
          status: 'met',
          evidenceUrl: 'https://ci.acme.example/jobs/restore/981',
        },
      ],
    }),
  });
  assert.equal(res.status, 202);
  assert.equal((await fetch(`${BACKEND}/api/readiness/health`)).status, 200);
});

test("the CLI pushes with the demo's CI token, restricted as the backend README sets pipeline tokens up", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-cli-'));
  try {
    const file = path.join(dir, 'results.json');
    writeFileSync(
      file,
      JSON.stringify({
        results: [
          {
            entityRef: 'component:default/search-api',
            checkId: 'recoverability.restore-test',
            status: 'met',
            evidenceUrl: 'https://ci.acme.example/jobs/restore/982',
          },
        ],
      }),
    );
    const { code, output } = await readinessCli([
      'push',
      file,
      '--url',
      BACKEND,
      '--token',
      'demo-ci-token',
    ]);
    assert.equal(code, 0, output);
    assert.match(output, /search-api/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
