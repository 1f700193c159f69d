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

import {
  BOOT_TIMEOUT_MS,
  BootedBackend,
  bootBackend,
  dropDatabases,
  postgresUrl,
  query,
  uniquePrefix,
  waitForEntity,
} from './__testUtils__/bootedBackend';
import { DEMO_ORGANISATION } from './__testUtils__/demoCatalog';

const PRODUCTION = ['app-config.yaml', 'app-config.production.yaml'];

/** A service's static tokens, which only these tests configure: an operator's, and a pipeline's limited to pushing results. */
const SERVICE_TOKEN = 'production-test-service-token';
const PIPELINE_TOKEN = 'production-test-pipeline-token';

/**
 * What the tests add to the production shape: the demo organisation in the
 * catalog (a deployment has its own) and a static token for a service.
 */
const TEST_CATALOG_AND_TOKEN = {
  catalog: {
    locations: [{ type: 'file', target: DEMO_ORGANISATION }],
  },
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: SERVICE_TOKEN, subject: 'production-test' },
        },
        {
          type: 'static',
          options: { token: PIPELINE_TOKEN, subject: 'production-pipeline' },
          accessRestrictions: [
            { plugin: 'readiness', permission: 'readiness.result.create' },
          ],
        },
      ],
    },
  },
};
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
    // Two instances of one deployment, sharing its databases. The second
    // starts once the first is ready, as a rollout does: Backstage's own
    // migrations fail when two instances create the same new databases at
    // once. Each describe below talks to one of them; the last to both.
    const prefix = uniquePrefix('prod');
    let production: Promise<BootedBackend>;
    let withTestSignIn: Promise<BootedBackend>;

    beforeAll(() => {
      production = bootBackend({
        pgUrl,
        configs: PRODUCTION,
        databasePrefix: prefix,
        overlay: {
          ...TEST_CATALOG_AND_TOKEN,
          backend: {
            ...TEST_CATALOG_AND_TOKEN.backend,
            // The test talks from 127.0.0.1, which the rate limiter exempts
            // by default; take that exemption away so the limit can be
            // observed. This only adds to a limit app-config.production.yaml
            // configures: alone it would enable express-rate-limit's
            // default of 5.
            rateLimit: {
              plugin: {
                readiness: { ipAllowList: [] },
                'mcp-actions': { ipAllowList: [] },
              },
            },
          },
        },
      });
      // The production configuration has no sign-in a test could use, so this
      // one adds the guest provider, signing in as Bob, who owns nothing of
      // the payments team and is no admin.
      withTestSignIn = production.then(() =>
        bootBackend({
          pgUrl,
          configs: PRODUCTION,
          databasePrefix: prefix,
          overlay: {
            ...TEST_CATALOG_AND_TOKEN,
            auth: {
              providers: {
                guest: {
                  userEntityRef: 'user:default/bob',
                  dangerouslyAllowOutsideDevelopment: true,
                },
              },
            },
          },
        }),
      );
      // Awaited in the describes below; keep an early failure of one from
      // being reported as unhandled.
      production.catch(() => {});
      withTestSignIn.catch(() => {});
    });

    afterAll(async () => {
      await Promise.allSettled(
        [production, withTestSignIn].map(async boot => (await boot).stop()),
      );
      await dropDatabases(pgUrl, prefix);
    }, 60_000);

    describe('the production configuration, booted on PostgreSQL', () => {
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
      }, 2 * BOOT_TIMEOUT_MS + 150_000);

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

      it("starts with none of the demo's campaigns, checks or schedules", async () => {
        const campaigns = await call('GET', '/api/readiness/campaigns');
        expect(campaigns.status).toBe(200);
        expect((await campaigns.json()).items).toEqual([]);
        const model = await (await call('GET', '/api/readiness/model')).json();
        expect(model.checks.length).toBeGreaterThan(0);
        expect(model.checks.map((c: { id: string }) => c.id)).not.toContain(
          'security.sbom',
        );
        // As app-config.production.yaml writes them, nothing added from the
        // base file; the others at the plugins' defaults.
        expect(await taskSettings('readiness')).toMatchObject({
          'readiness-compute': {
            cadence: 'PT30M',
            initialDelayDuration: 'PT1M',
            timeoutAfterDuration: 'PT15M',
          },
          'readiness-notifications': { cadence: 'PT60M' },
        });
        expect(await taskSettings('search')).toMatchObject({
          search_index_readiness: { cadence: 'PT10M' },
        });
      });

      it('lets no user, nor a token limited to some permissions, start or cancel a scheduled task; an operator may', async () => {
        for (const pathname of [
          '/api/readiness/.backstage/scheduler/v1/tasks/readiness-compute/trigger',
          '/api/readiness/.backstage/scheduler/v1/tasks/readiness-compute/cancel',
          '/api/readiness/.Backstage/Scheduler/v1/tasks/readiness-compute/trigger/',
          '/api/search/.backstage/scheduler/v1/tasks/search_index_readiness/trigger',
        ]) {
          const res = await call('POST', pathname);
          expect([pathname, res.status]).toEqual([pathname, 403]);
          expect((await res.json()).error.name).toBe('NotAllowedError');
        }
        const asPipeline = await fetch(
          `${backend.baseUrl}/api/readiness/.backstage/scheduler/v1/tasks/readiness-compute/trigger`,
          {
            method: 'POST',
            headers: { Authorization: `Bearer ${PIPELINE_TOKEN}` },
          },
        );
        expect(asPipeline.status).toBe(403);
        const asService = await triggerAsService(
          backend,
          'readiness',
          'readiness-compute',
        );
        expect([200, 409]).toContain(asService);
      });

      it('answers searches from one index on both instances', async () => {
        const other = await production;
        expect([200, 409]).toContain(
          await triggerAsService(backend, 'readiness', 'readiness-compute'),
        );
        await eventually('the first full run', async () => {
          const res = await call('GET', '/api/readiness/rollups?by=group');
          return res.ok && (await res.json()).totalCount > 0;
        });
        // Collated by whichever instance takes the task.
        expect([200, 409]).toContain(
          await triggerAsService(other, 'search', 'search_index_readiness'),
        );
        const found = (instance: BootedBackend) =>
          fetch(
            `${instance.baseUrl}/api/search/query?term=restore&types%5B0%5D=readiness`,
            { headers: { Authorization: `Bearer ${token}` } },
          ).then(async res => ({
            status: res.status,
            locations: res.ok
              ? (await res.json()).results
                  .map((r: any) => r.document.location)
                  .sort()
              : [],
          }));
        let answers: { status: number; locations: string[] }[] = [];
        await eventually('readiness results on both instances', async () => {
          answers = await Promise.all([found(backend), found(other)]);
          return answers.every(a => a.locations.length > 0);
        });
        expect(answers[0]).toEqual(answers[1]);
        expect(answers[0].status).toBe(200);
      }, 300_000);

      /** The settings of a plugin's scheduled tasks, by task id. */
      async function taskSettings(pluginId: string) {
        const res = await call(
          'GET',
          `/api/${pluginId}/.backstage/scheduler/v1/tasks`,
        );
        const { tasks } = await res.json();
        return Object.fromEntries(
          tasks.map((t: any) => [t.taskId, t.settings]),
        );
      }
    });
  },
);

/** Starts a scheduled task with the service token these tests configure. */
async function triggerAsService(
  backend: BootedBackend,
  pluginId: string,
  taskId: string,
): Promise<number> {
  const res = await fetch(
    `${backend.baseUrl}/api/${pluginId}/.backstage/scheduler/v1/tasks/${taskId}/trigger`,
    { method: 'POST', headers: { Authorization: `Bearer ${SERVICE_TOKEN}` } },
  );
  return res.status;
}

/** Waits up to two minutes for `ready`. */
async function eventually(what: string, ready: () => Promise<boolean>) {
  const deadline = Date.now() + 120_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}
