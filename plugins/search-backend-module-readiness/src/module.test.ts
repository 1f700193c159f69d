import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import searchPlugin from '@backstage/plugin-search-backend';
// The test runs the readiness backend the collator reads from.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@prodready/plugin-readiness-backend';
import { ReadinessCollatorFactory } from './ReadinessCollatorFactory';
import searchModuleReadinessCollator from '.';

jest.setTimeout(60_000);

const today = new Date().toISOString().slice(0, 10);
const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', etag: `e-${name}`, annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
});
// The restore test is met for one of them, and missing for the other two.
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  component('tested', {
    'prodready.dev/check.recoverability.restore-test': `met; date=${today}`,
  }),
  component('untested', {}),
  component('half-tested', {
    'prodready.dev/check.recoverability.restore-test': `partially-met; date=${today}`,
  }),
];
const allowAll = mockServices.permissions.mock({
  authorize: async (requests: any[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  // The catalog's read decision, which the readiness lists take first.
  authorizeConditional: async (requests: any[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
});
const admin = mockCredentials.user.header('user:default/admin');

/** Starts the readiness full run and waits until it has scored every component. */
async function computeReadiness(port: number) {
  const api = `http://localhost:${port}/api/readiness`;
  const res = await fetch(`${api}/compute`, {
    method: 'POST',
    headers: { Authorization: admin },
  });
  expect(res.status).toBe(202);
  for (let i = 0; i < 600; i++) {
    const list = await fetch(`${api}/scorecards`, {
      headers: { Authorization: admin },
    }).then(r => r.json());
    if (list.totalCount === 3) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('the readiness full run did not finish');
}

describe('ReadinessCollatorFactory', () => {
  it("streams every entity's level, score and failing checks, a page at a time", async () => {
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities }),
        allowAll.factory,
      ],
    });
    const port = backend.server.port();
    await computeReadiness(port);
    const factory = new ReadinessCollatorFactory({
      discovery: {
        getBaseUrl: async id => `http://localhost:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://localhost:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      pageSize: 1, // three pages for three entities
    });
    const documents = [];
    for await (const doc of await factory.getCollator()) documents.push(doc);
    await backend.stop();

    expect(factory.type).toBe('readiness');
    expect(factory.visibilityPermission.name).toBe('catalog.entity.read');
    expect(documents.map(d => d.entityRef)).toEqual([
      'component:default/half-tested',
      'component:default/tested',
      'component:default/untested',
    ]);
    const byRef = new Map(documents.map(d => [d.entityRef, d]));
    const untested = byRef.get('component:default/untested');
    expect(untested).toMatchObject({
      title: 'component:default/untested',
      location: '/catalog/default/component/untested/readiness',
      authorization: { resourceRef: 'component:default/untested' },
      kind: 'component',
      level: null,
    });
    expect(untested.failingChecks).toContain('recoverability.restore-test');
    expect(untested.text).toContain(
      'Restore from backup tested (recoverability.restore-test)',
    );
    expect(untested.text).toMatch(/^Readiness: no level, score \d+(\.\d)? %\./);
    expect(byRef.get('component:default/half-tested').failingChecks).toContain(
      'recoverability.restore-test',
    );
    const tested = byRef.get('component:default/tested');
    expect(tested.failingChecks).not.toContain('recoverability.restore-test');
    expect(tested.text).not.toContain('Restore from backup tested');
  });

  it('refuses a page size the readiness backend would refuse, naming it', () => {
    const deps = {
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    };
    for (const pageSize of [0, 2.5, 1001]) {
      expect(() => new ReadinessCollatorFactory({ ...deps, pageSize })).toThrow(
        /pageSize: must be a whole number from 1 to 1000/,
      );
    }
    expect(
      () => new ReadinessCollatorFactory({ ...deps, pageSize: 1000 }),
    ).not.toThrow();
  });
});

describe('the readiness collator in Backstage search', () => {
  it('finds the entities failing the restore test when searching "restore test"', async () => {
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        searchPlugin,
        searchModuleReadinessCollator,
        // The real scheduler, which runs the collator when triggered.
        schedulerServiceFactory,
        catalogServiceMock.factory({ entities }),
        allowAll.factory,
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                readiness: {
                  // Triggered once the full run has scored the entities.
                  schedule: {
                    frequency: { trigger: 'manual' },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    const port = backend.server.port();
    await computeReadiness(port);
    const trigger = await fetch(
      `http://localhost:${port}/api/search/.backstage/scheduler/v1/tasks/search_index_readiness/trigger`,
      { method: 'POST', headers: { Authorization: admin } },
    );
    expect(trigger.status).toBe(200);
    const query = `http://localhost:${port}/api/search/query?term=restore%20test&types%5B0%5D=readiness`;
    // Until a collation after the full run has finished, the index is
    // missing (500) or holds no scorecard yet.
    let results: any[] = [];
    for (let i = 0; i < 80 && results.length < 2; i++) {
      await new Promise(r => setTimeout(r, 500));
      const res = await fetch(query, { headers: { Authorization: admin } });
      results = res.ok ? (await res.json()).results : [];
    }
    // Both entities failing the restore test are found (others may be, for
    // a failing "test" of another check).
    expect(results.map((r: any) => r.document.entityRef)).toEqual(
      expect.arrayContaining([
        'component:default/half-tested',
        'component:default/untested',
      ]),
    );
    // "restore": exactly those two match the word (Lunr adds fuzzy matches
    // of far lower score after them).
    const restore = await fetch(query.replace('restore%20test', 'restore'), {
      headers: { Authorization: admin },
    }).then(r => r.json());
    const exact = restore.results.filter((r: any) =>
      /\brestore\b/i.test(r.document.text),
    );
    expect(exact.map((r: any) => r.document.entityRef).sort()).toEqual([
      'component:default/half-tested',
      'component:default/untested',
    ]);
    expect(restore.results.slice(0, 2)).toEqual(expect.arrayContaining(exact));
    expect(results[0].type).toBe('readiness');
    await backend.stop();
  });
});

describe('the readiness collator schedule', () => {
  it.each([
    [{ frequency: { seconds: 5 } }, '.frequency: must be at least 1 minute'],
    [
      { frequency: { cron: '@secondly' } },
      '.frequency: must be at least 1 minute',
    ],
    [{ frequency: { cron: '61 * * * *' } }, '.frequency.cron: '],
    [{ scope: 'local' }, '.scope: must be global'],
    [{ frequncy: { minutes: 10 } }, ': unknown key frequncy'],
  ])(
    'refuses to start with one that would index every scorecard back to back, on every instance, or not as written: %j',
    async (schedule, message) => {
      await expect(
        startTestBackend({
          features: [
            searchPlugin,
            searchModuleReadinessCollator,
            mockServices.rootConfig.factory({
              data: { search: { collators: { readiness: { schedule } } } },
            }),
          ],
        }),
      ).rejects.toThrow(
        `Invalid search.collators.readiness.schedule${message}`,
      );
    },
  );
});
