import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import { cli, resultsFiles } from './__testUtils__/cli';
import {
  adminToken,
  serviceToken,
  startCliBackend,
} from './__testUtils__/backend';

/*
 * The CLI against the real readiness backend on a port, over HTTP, as a
 * pipeline would call it.
 */

const userToken = mockCredentials.user.token('user:default/alice');

// Every Bronze gate answered met but one, which the push then meets.
const model = buildReadinessModel();
const bronzeGates = model.checks.filter(
  c => c.gate && c.level === 'bronze' && c.scoredBy !== 'role-health',
);
const missing = 'recoverability.backups';
const today = new Date().toISOString().slice(0, 10);
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    etag: 'etag-1',
    annotations: Object.fromEntries(
      bronzeGates
        .filter(c => c.id !== missing)
        .map(c => [
          `prodready.dev/check.${c.id}`,
          // An expiring check's answer carries its date.
          c.expiresAfterDays ? `met; date=${today}` : 'met',
        ]),
    ),
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};
const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// A production Resource whose every check is answered N/A: not assessed.
const notApplicable =
  'na; reason=out-of-scope; note=a managed queue, nothing of ours runs';
const queue: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'payments-queue',
    namespace: 'default',
    annotations: Object.fromEntries(
      model.checks
        .filter(c => c.appliesTo.includes('resource'))
        .map(c => [`prodready.dev/check.${c.id}`, notApplicable]),
    ),
  },
  spec: { type: 'queue', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};

let backend: TestBackend;
let url: string;

beforeAll(async () => {
  backend = await startCliBackend([entity, team, queue]);
  url = `http://localhost:${backend.server.port()}`;
});
afterAll(() => backend?.stop());

const resultsFile = resultsFiles();

describe('readiness-cli check', () => {
  it('exits 1 below the required level and names the gate check missing', async () => {
    expect(bronzeGates.map(c => c.id)).toContain(missing);
    const out = await cli([
      'check',
      'component:default/checkout',
      '--url',
      url,
      '--token',
      userToken,
      '--require-level',
      'bronze',
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('component:default/checkout');
    expect(out.stdout).toContain('Bronze required: FAILED');
    expect(out.stdout).toMatch(
      new RegExp(`- ${missing.replace('.', '\\.')} .*\\(unknown\\)`),
    );
  });

  it('prints JSON with the verdict and what is missing', async () => {
    const out = await cli(
      ['check', 'checkout', '--require-level', 'bronze', '--format', 'json'],
      { BACKSTAGE_URL: url, BACKSTAGE_TOKEN: userToken },
    );
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.passed).toBe(false);
    expect(report.entities[0]).toMatchObject({
      entityRef: 'component:default/checkout',
      level: null,
      target: { levelId: 'bronze', required: true, reached: false },
    });
    expect(
      report.entities[0].target.missing.map((m: any) => m.checkId),
    ).toEqual([missing]);
  });

  it('without a required level, shows the next level and exits 0', async () => {
    const out = await cli(['check', 'checkout', '--url', url], {
      BACKSTAGE_TOKEN: userToken,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('next level Bronze');
  });
});

describe('readiness-cli check of an entity that is not assessed', () => {
  const queueRef = 'resource:default/payments-queue';
  const check = (format: string) =>
    cli(['check', queueRef, '--require-level', 'bronze', '--format', format], {
      BACKSTAGE_URL: url,
      BACKSTAGE_TOKEN: userToken,
    });
  const reason = 'not assessed: 0 of at least 1 applicable checks';

  it('exits 1 below the required level and says why, in the job log', async () => {
    const out = await check('human');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('score not scored, level no level');
    expect(out.stdout).toContain(`Bronze required: FAILED; ${reason}`);
  });

  it('says why in the Markdown table', async () => {
    const out = await check('markdown');
    expect(out.code).toBe(1);
    const row = out.stdout
      .split('\n')
      .find(line => line.startsWith(`| \`${queueRef}\``))!;
    expect(row).toContain(`❌ ${reason}`);
    expect(row).not.toContain('gate check(s) missing');
  });

  it('carries notAssessed in JSON', async () => {
    const out = await check('json');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.passed).toBe(false);
    expect(report.entities[0]).toMatchObject({
      entityRef: queueRef,
      score: null,
      level: null,
      notAssessed: { applicableChecks: 0, minimumApplicableChecks: 1 },
      target: {
        levelId: 'bronze',
        required: true,
        reached: false,
        missing: [],
      },
    });
  });

  it('says why without a required level, and exits 0', async () => {
    const out = await cli(['check', queueRef, '--url', url], {
      BACKSTAGE_TOKEN: userToken,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`level no level (${reason})`);
  });
});

describe('readiness-cli push', () => {
  it('pushes a result and reports the change it made, as Markdown', async () => {
    const file = resultsFile({
      results: [
        {
          entityRef: 'component:default/checkout',
          checkId: missing,
          status: 'met',
          evidenceUrl: 'https://ci.example.com/backups/42',
        },
      ],
    });
    const out = await cli([
      'push',
      file,
      '--url',
      url,
      '--token',
      serviceToken,
      '--require-level',
      'bronze',
      '--format',
      'markdown',
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      '| Entity | Score | Level | Bronze required |',
    );
    const row = out.stdout
      .split('\n')
      .find(line => line.startsWith('| `component:default/checkout`'))!;
    expect(row).toMatch(/\(\+\d+(\.\d)?\)/); // the score went up
    expect(row).toContain('Bronze (was no level)');
    expect(row).toContain('✅ passed');

    const after = await cli(
      ['check', 'checkout', '--require-level', 'bronze'],
      { BACKSTAGE_URL: url, BACKSTAGE_TOKEN: userToken },
    );
    expect(after.code).toBe(0);
  });

  it('refuses a results file the API would refuse, naming the field, before pushing', async () => {
    const file = resultsFile({
      results: [{ entityRef: 'checkout', checkId: missing, status: 'done' }],
    });
    const out = await cli([
      'push',
      file,
      '--url',
      url,
      '--token',
      serviceToken,
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('body.results.0.status');
    expect(out.stderr).not.toContain('Usage:'); // the file is wrong, not the command line
  });

  it('refuses, before any request for an entity, a check the model lacks and a push larger than the backend reads', async () => {
    const push = (body: object) =>
      cli(['push', resultsFile(body), '--url', url, '--token', serviceToken]);
    const typo = await push({
      results: [
        {
          entityRef: 'checkout',
          checkId: 'recoverability.bakups',
          status: 'met',
        },
      ],
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "body.results: unknown checks recoverability.bakups (not in the backend's model)",
    );
    // 1,000 results with a long evidence URL each: over 1 MB as JSON.
    const large = await push({
      results: Array.from({ length: 1000 }, (_, i) => ({
        entityRef: 'checkout',
        checkId: missing,
        status: 'met',
        evidenceUrl: `https://ci.example.com/${i}/${'a'.repeat(1200)}`,
      })),
    });
    expect(large.code).toBe(2);
    expect(large.stderr).toMatch(
      /the results are \d+ bytes as JSON, more than the 1048576 the backend reads in one push/,
    );
  });

  it('reports the API refusing a user who may not push', async () => {
    const file = resultsFile({
      results: [{ entityRef: 'checkout', checkId: missing, status: 'met' }],
    });
    const out = await cli(['push', file, '--url', url, '--token', userToken]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/403|NotAllowed/);
  });
});

describe('readiness-cli usage', () => {
  it('names what is wrong with the command line', async () => {
    expect((await cli(['check', 'checkout'])).stderr).toContain('url:');
    expect(
      (await cli(['check', 'checkout', '--url', url, '--format', 'xml']))
        .stderr,
    ).toContain('format: must be human, json or markdown');
    const level = await cli([
      'check',
      'checkout',
      '--url',
      url,
      '--token',
      userToken,
      '--require-level',
      'platinum',
    ]);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain(
      "--require-level: 'platinum' is not a level; the levels are bronze, silver, gold",
    );
  });

  it('reports a backend it cannot reach', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>(resolve => probe.listen(0, resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise(resolve => probe.close(resolve));
    const out = await cli([
      'check',
      'checkout',
      '--url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^readiness-cli: .*ECONNREFUSED/);
    expect(out.stderr).toContain('3 attempts');
    expect(out.waits).toEqual([1000, 2000]);
  });
});

describe('readiness-cli push, when reading back fails', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('exits 3: the results were saved, and pushing again would not help', async () => {
    // The real backend's answers, served until the push, then 500.
    const read = async (p: string) =>
      (
        await fetch(`${url}/api/readiness${p}`, {
          headers: { authorization: `Bearer ${userToken}` },
        })
      ).text();
    const modelBody = await read('/model');
    const scorecardBody = await read('/entities/component/default/checkout');
    const listBody = await read('/scorecards?entityRef=checkout');
    let pushed = false;
    server = createHttpServer((req, res) => {
      req.resume();
      const reply = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      if (req.method === 'POST') {
        pushed = true;
        reply(202, '{}');
      } else if (req.url === '/api/readiness/model') {
        reply(200, modelBody);
      } else if (req.url?.startsWith('/api/readiness/scorecards?')) {
        reply(200, listBody);
      } else if (!pushed) {
        reply(200, scorecardBody);
      } else {
        reply(500, '{"error":{"name":"Error","message":"database is down"}}');
      }
    });
    await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const file = resultsFile({
      results: [{ entityRef: 'checkout', checkId: missing, status: 'met' }],
    });
    const out = await cli(['push', file, '--url', `http://127.0.0.1:${port}`]);
    expect(pushed).toBe(true);
    expect(out.code).toBe(3);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^readiness-cli: the results were pushed, but reading the entities back failed: .*database is down/,
    );
  });
});

describe('readiness-cli --campaign', () => {
  it("gates on the campaign's target and reports what the entity still needs", async () => {
    // Campaign progress is precomputed by the full run.
    const compute = await fetch(`${url}/api/readiness/compute`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
      },
    });
    expect(compute.status).toBe(202);
    let out = await cli(['check', 'checkout', '--campaign', 'restore-tests'], {
      BACKSTAGE_URL: url,
      BACKSTAGE_TOKEN: userToken,
    });
    for (let i = 0; i < 100 && out.code === 2; i++) {
      await new Promise(r => setTimeout(r, 100));
      out = await cli(['check', 'checkout', '--campaign', 'restore-tests'], {
        BACKSTAGE_URL: url,
        BACKSTAGE_TOKEN: userToken,
      });
    }
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'campaign Restore tests everywhere (deadline 2099-12-31): not done; still needs:',
    );
    expect(out.stdout).toContain(
      '- recoverability.restore-test  Restore from backup tested',
    );

    const file = resultsFile({
      results: [
        {
          entityRef: 'component:default/checkout',
          checkId: 'recoverability.restore-test',
          status: 'met',
        },
      ],
    });
    const pushed = await cli(
      ['push', file, '--campaign', 'restore-tests', '--format', 'json'],
      { BACKSTAGE_URL: url, BACKSTAGE_TOKEN: serviceToken },
    );
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout).entities[0].campaign).toMatchObject({
      id: 'restore-tests',
      status: 'done',
      missing: [],
    });
  });

  it('says so when the entity is not part of the campaign', async () => {
    const out = await cli(['check', 'checkout', '--campaign', 'no-such'], {
      BACKSTAGE_URL: url,
      BACKSTAGE_TOKEN: userToken,
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      "component:default/checkout is not part of campaign 'no-such'",
    );
  });
});
