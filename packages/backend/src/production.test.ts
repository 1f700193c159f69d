/*
 * Boots the real backend the way a deployment runs it — app-config.yaml plus
 * app-config.production.yaml, NODE_ENV=production, PostgreSQL — and checks
 * what the production shape promises: no demo or guest sign-in, no static
 * demo token, no stack traces in error bodies, rate-limited readiness routes.
 *
 * Needs PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES<NN>_CONNECTION_STRING,
 * the variable the database tests use. Without it the suite is skipped on a
 * developer machine and fails under CI=true.
 */

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// pg ships no types and @types/pg is not installed; this is all the test uses.
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  end(): Promise<void>;
}
const { Client } = require('pg') as {
  Client: new (options: { connectionString: string }) => PgClient;
};

const ROOT = path.resolve(__dirname, '../../..');
const BOOT_TIMEOUT_MS = 150_000;

function postgresUrl(): string | undefined {
  const key = Object.keys(process.env)
    .filter(k =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
    )
    .sort()
    .pop();
  return key ? process.env[key] : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A backend child process started from packages/backend/src/index.ts. */
interface BootedBackend {
  baseUrl: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts packages/backend with the given config files (paths relative to the
 * repository root) plus a generated overlay that only picks a free port on
 * 127.0.0.1 and a database prefix of its own, and waits until it is ready.
 */
async function bootBackend(options: {
  pgUrl: string;
  configs: string[];
  overlay?: string;
  databasePrefix: string;
}): Promise<BootedBackend> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-prod-test-'));
  const overlayFile = path.join(dir, 'app-config.test.yaml');
  writeFileSync(
    overlayFile,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      `  listen: '127.0.0.1:${port}'`,
      '  database:',
      `    prefix: ${options.databasePrefix}`,
      options.overlay ?? '',
    ].join('\n'),
  );
  const url = new URL(options.pgUrl);
  const nodeTransform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
    { paths: [path.dirname(require.resolve('@backstage/cli/package.json'))] },
  );
  const args = [
    '--enable-source-maps',
    '--require',
    nodeTransform,
    'src/index.ts',
    ...options.configs.flatMap(c => ['--config', path.join(ROOT, c)]),
    '--config',
    overlayFile,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: path.resolve(__dirname, '..'),
    env: {
      // Config comes from the files above only: no APP_CONFIG_* overrides
      // or BACKSTAGE_ENV from the environment the tests run in.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !/^(APP_CONFIG_|BACKSTAGE_ENV$)/.test(key),
        ),
      ),
      NODE_ENV: 'production',
      POSTGRES_HOST: url.hostname,
      POSTGRES_PORT: url.port || '5432',
      POSTGRES_USER: decodeURIComponent(url.username) || 'postgres',
      POSTGRES_PASSWORD: decodeURIComponent(url.password),
      ESBK_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The backend exited during start-up:\n${output}`);
    }
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The backend did not become ready:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return { baseUrl, log: () => output, stop };
}

/** Runs one query against a database of the PostgreSQL server. */
async function query<T = any>(
  pgUrl: string,
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: `${pgUrl}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Drops the databases a boot created under its prefix. */
async function dropDatabases(pgUrl: string, prefix: string) {
  const rows = await query<{ datname: string }>(
    pgUrl,
    'postgres',
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix.replace(/_/g, '\\_')}%`],
  );
  for (const { datname } of rows) {
    await query(
      pgUrl,
      'postgres',
      `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`,
    );
  }
}

/**
 * Waits until the catalog has stitched an entity, read from its database
 * (the production shape has no token a test could ask the catalog with),
 * and returns its uid.
 */
async function waitForEntity(pgUrl: string, prefix: string, ref: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const rows = await query<{ entity_id: string }>(
      pgUrl,
      `${prefix}catalog`,
      'SELECT entity_id FROM final_entities WHERE entity_ref = $1 AND final_entity IS NOT NULL',
      [ref],
    ).catch(() => []);
    if (rows.length) return rows[0].entity_id;
    if (Date.now() > deadline) {
      throw new Error(`The catalog did not ingest ${ref}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

const uniquePrefix = (name: string) =>
  `readiness_${name}_${process.pid}_${Date.now()}_`;

const PRODUCTION = ['app-config.yaml', 'app-config.production.yaml'];
const pgUrlOrUndefined = postgresUrl();
const onCi = Boolean(process.env.CI) && process.env.CI !== 'false';
if (!pgUrlOrUndefined && onCi) {
  throw new Error(
    'CI must boot the production configuration on PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES<NN>_CONNECTION_STRING',
  );
}
const pgUrl = pgUrlOrUndefined ?? '';
// Skipped, and counted as skipped, on a machine without PostgreSQL.
const describeOnPostgres = pgUrl ? describe : describe.skip;

describeOnPostgres(
  'the backend booted as deployed (skipped without BACKSTAGE_TEST_DATABASE_POSTGRES<NN>_CONNECTION_STRING)',
  () => {
    // Both backends boot at once, one for each describe below; the slow part
    // is compiling and starting, and they do not share ports or databases.
    const prefixes = [uniquePrefix('prod'), uniquePrefix('prodpolicy')];
    let production: Promise<BootedBackend>;
    let withTestSignIn: Promise<BootedBackend>;

    beforeAll(() => {
      production = bootBackend({
        pgUrl,
        configs: PRODUCTION,
        databasePrefix: prefixes[0],
        // The test talks from 127.0.0.1, which the rate limiter exempts by
        // default; take that exemption away so the limit can be observed.
        // This only adds to a limit app-config.production.yaml configures:
        // on its own it would enable express-rate-limit's default of 5.
        overlay: [
          '  rateLimit:',
          '    plugin:',
          '      readiness:',
          '        ipAllowList: []',
          "      'mcp-actions':",
          '        ipAllowList: []',
        ].join('\n'),
      });
      // The production configuration has no sign-in a test could use, so this
      // one adds the guest provider, signing in as Bob, who owns nothing of
      // the payments team and is no admin.
      withTestSignIn = bootBackend({
        pgUrl,
        configs: PRODUCTION,
        databasePrefix: prefixes[1],
        overlay: [
          'auth:',
          '  providers:',
          '    guest:',
          '      userEntityRef: user:default/bob',
          '      dangerouslyAllowOutsideDevelopment: true',
        ].join('\n'),
      });
      // Awaited in the describes below; keep an early failure of one from
      // being reported as unhandled.
      production.catch(() => {});
      withTestSignIn.catch(() => {});
    });

    afterAll(async () => {
      await Promise.allSettled(
        [production, withTestSignIn].map(async boot => (await boot).stop()),
      );
      for (const prefix of prefixes) await dropDatabases(pgUrl, prefix);
    }, 60_000);

    describe('the production configuration, booted on PostgreSQL', () => {
      const prefix = prefixes[0];
      let backend: BootedBackend;

      beforeAll(async () => {
        backend = await production;
        // The demo sign-in would refuse unknown users anyway: wait until the
        // catalog knows Carol, so a refusal means there is no demo sign-in.
        await waitForEntity(pgUrl, prefix, 'user:default/carol');
      }, BOOT_TIMEOUT_MS + 150_000);

      const get = (pathname: string, headers: Record<string, string> = {}) =>
        fetch(`${backend.baseUrl}${pathname}`, { headers });

      it('runs on PostgreSQL', async () => {
        const rows = await query<{ datname: string }>(
          pgUrl,
          'postgres',
          'SELECT datname FROM pg_database WHERE datname LIKE $1',
          [`${prefix}%`],
        );
        expect(rows.map(r => r.datname)).toEqual(
          expect.arrayContaining([`${prefix}catalog`, `${prefix}readiness`]),
        );
      });

      it('has no guest sign-in', async () => {
        const res = await get('/api/auth/guest/refresh');
        expect(res.status).toBe(404);
        expect(await res.text()).not.toContain('backstageIdentity');
      });

      it('has no demo sign-in', async () => {
        const res = await get('/api/auth/demo/refresh', {
          'x-demo-user': 'carol',
        });
        expect(res.status).toBe(404);
        expect(await res.text()).not.toContain('backstageIdentity');
      });

      it('refuses the static demo CI token', async () => {
        const res = await fetch(`${backend.baseUrl}/api/readiness/results`, {
          method: 'POST',
          headers: {
            Authorization: 'Bearer demo-ci-token',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({}),
        });
        expect(res.status).toBe(401);
        const catalog = await get('/api/catalog/entities?limit=1', {
          Authorization: 'Bearer demo-ci-token',
        });
        expect(catalog.status).toBe(401);
      });

      it('sends error bodies without stack traces', async () => {
        for (const [pathname, status] of [
          ['/api/readiness/scorecards/component:default/payments-api', 401],
          ['/api/catalog/entities/by-name/component/default/nope', 401],
          ['/api/auth/guest/refresh', 404],
          ['/api/auth/demo/refresh', 404],
        ] as const) {
          const res = await get(pathname, {
            Authorization: 'Bearer not-a-token',
          });
          expect(res.status).toBe(status);
          const body = await res.json();
          expect(body.error?.message).toEqual(expect.any(String));
          expect(body.error).not.toHaveProperty('stack');
          expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
        }
      });

      // Last: it uses up this client's allowance on the readiness routes.
      it('rate-limits the readiness routes', async () => {
        const statuses: number[] = [];
        let limited = '';
        for (let i = 0; i < 1000 && !limited; i++) {
          const res = await get('/api/readiness/health');
          const text = await res.text();
          statuses.push(res.status);
          if (res.status === 429) limited = text;
        }
        expect(JSON.parse(limited)).toEqual({
          error: expect.objectContaining({ message: expect.any(String) }),
          response: { statusCode: 429 },
        });
        expect(limited).not.toMatch(/stack|\n\s+at /);
        expect(statuses[0]).toBe(200);
        expect(statuses[statuses.length - 1]).toBe(429);
        // More than express-rate-limit's default of 5: the limit is the one
        // app-config.production.yaml sets, not one this test's overlay made.
        expect(statuses.filter(s => s === 200).length).toBeGreaterThan(5);
        expect((await get('/api/readiness/health')).status).toBe(429);
        // Only the readiness routes are limited.
        expect((await get('/.backstage/health/v1/readiness')).status).toBe(200);
      }, 60_000);

      it('rate-limits the MCP endpoint', async () => {
        // AI agents' calls: counted before authentication, like any other.
        const statuses: number[] = [];
        for (let i = 0; i < 1000 && statuses.at(-1) !== 429; i++) {
          const res = await fetch(`${backend.baseUrl}/api/mcp-actions/v1`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: i,
              method: 'tools/list',
            }),
          });
          await res.text();
          statuses.push(res.status);
        }
        expect(statuses[0]).toBe(401);
        expect(statuses.at(-1)).toBe(429);
        expect(statuses.filter(s => s === 401).length).toBeGreaterThan(5);
      }, 60_000);
    });

    describe('the production permission policy, with a test-only sign-in', () => {
      const prefix = prefixes[1];
      let backend: BootedBackend;
      let token: string;
      let uid: string;

      beforeAll(async () => {
        backend = await withTestSignIn;
        await waitForEntity(pgUrl, prefix, 'user:default/bob');
        uid = await waitForEntity(
          pgUrl,
          prefix,
          'component:default/payments-api',
        );
        const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`);
        if (!res.ok) {
          throw new Error(
            `Test sign-in failed: ${res.status} ${await res.text()}`,
          );
        }
        token = (await res.json()).backstageIdentity.token;
      }, BOOT_TIMEOUT_MS + 150_000);

      const call = (method: string, pathname: string, body?: unknown) =>
        fetch(`${backend.baseUrl}${pathname}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body ? { 'Content-Type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });

      it("sends a readiness route's 400 without a stack trace", async () => {
        const res = await call(
          'GET',
          '/api/readiness/rollups/component/default/payments-api',
        );
        expect(res.status).toBe(400);
        const body = await res.json();
        expect(body.error).toEqual(
          expect.objectContaining({ name: 'InputError' }),
        );
        expect(body.error).not.toHaveProperty('stack');
        expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
      });

      it('lets a user read the catalog', async () => {
        const res = await call('GET', `/api/catalog/entities/by-uid/${uid}`);
        expect(res.status).toBe(200);
      });

      it('does not let a non-admin unregister an entity', async () => {
        const res = await call('DELETE', `/api/catalog/entities/by-uid/${uid}`);
        expect(res.status).toBe(403);
        expect(
          (await call('GET', `/api/catalog/entities/by-uid/${uid}`)).status,
        ).toBe(200);
      });

      it('does not let a non-admin register a location', async () => {
        const res = await call('POST', '/api/catalog/locations', {
          type: 'url',
          target: 'https://example.com/catalog-info.yaml',
        });
        expect(res.status).toBe(403);
      });

      it("does not let a non-admin refresh somebody else's entity", async () => {
        const res = await call('POST', '/api/catalog/refresh', {
          entityRef: 'component:default/payments-api',
        });
        expect(res.status).toBe(403);
      });
    });
  },
);
