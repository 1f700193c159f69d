import { TestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { cli, resultsFiles } from './__testUtils__/cli';
import {
  adminToken,
  serviceToken,
  startCliBackend,
} from './__testUtils__/backend';

/*
 * A push to many entities with --campaign, against the real backend: where
 * each entity stands in the campaign is read for many entities a request,
 * since the backend limits requests per minute (300 in the demo's
 * production config) and a pipeline may push for a whole fleet.
 */

const ENTITIES = 60;
const names = Array.from({ length: ENTITIES }, (_, i) => `svc-${i}`);
const components: Entity[] = names.map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
}));

const resultsFile = resultsFiles();
let backend: TestBackend;
let url: string;

beforeAll(async () => {
  backend = await startCliBackend(components);
  url = `http://localhost:${backend.server.port()}/api/readiness`;
  const headers = { authorization: `Bearer ${adminToken}` };
  const compute = await fetch(`${url}/compute`, { method: 'POST', headers });
  if (compute.status !== 202) throw new Error(`compute: ${compute.status}`);
  // Campaign progress is precomputed after the full run.
  const last = `${url}/entity-campaigns?entityRef=svc-${ENTITIES - 1}`;
  for (let i = 0; i < 200; i++) {
    const body = await (await fetch(last, { headers })).json();
    if (body.items?.[0]?.campaigns.length) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('campaign progress was not computed');
});
afterAll(() => backend?.stop());

afterEach(() => jest.restoreAllMocks());

it('reads where 60 pushed entities stand in the campaign in 3 requests', async () => {
  const file = resultsFile({
    results: names.map(name => ({
      entityRef: name,
      checkId: 'recoverability.restore-test',
      status: name === 'svc-7' ? 'not-met' : 'met',
    })),
  });
  const asked: string[] = [];
  const realFetch = global.fetch;
  jest.spyOn(global, 'fetch').mockImplementation((input, init) => {
    asked.push(new URL(String(input)).pathname);
    return realFetch(input, init);
  });
  const out = await cli(
    ['push', file, '--campaign', 'restore-tests', '--format', 'json'],
    {
      BACKSTAGE_URL: url.replace('/api/readiness', ''),
      BACKSTAGE_TOKEN: serviceToken,
    },
  );
  expect(out.stderr).toBe('');
  const { entities } = JSON.parse(out.stdout);
  expect(entities).toHaveLength(ENTITIES);
  const status = new Map(
    entities.map((e: any) => [e.entityRef, e.campaign.status]),
  );
  expect(status.get('component:default/svc-7')).toBe('not-done');
  expect(status.get('component:default/svc-8')).toBe('done');
  expect([...status.values()].filter(s => s === 'done')).toHaveLength(
    ENTITIES - 1,
  );
  expect(asked.filter(p => p.endsWith('/entity-campaigns'))).toHaveLength(3);
  expect(asked.filter(p => p.endsWith('/campaigns'))).toEqual([]);
});

it('reads the scores of 60 entities before a push in 3 requests, and reports the change', async () => {
  // Each entity's scorecard as the portal serves it before the push.
  const headers = { authorization: `Bearer ${adminToken}` };
  const before = new Map<
    string,
    { score: number | null; level: string | null }
  >();
  for (const name of names) {
    const { scorecard } = await (
      await fetch(`${url}/entities/component/default/${name}`, { headers })
    ).json();
    before.set(scorecard.entityRef, {
      score: scorecard.score,
      level: scorecard.level,
    });
  }
  const file = resultsFile({
    results: names.map(name => ({
      entityRef: name,
      checkId: 'recoverability.backups',
      // Met for every entity but one.
      status: name === 'svc-3' ? 'not-met' : 'met',
    })),
  });
  const asked: string[] = [];
  const realFetch = global.fetch;
  jest.spyOn(global, 'fetch').mockImplementation((input, init) => {
    asked.push(new URL(String(input)).pathname);
    return realFetch(input, init);
  });
  const out = await cli(['push', file, '--format', 'json'], {
    BACKSTAGE_URL: url.replace('/api/readiness', ''),
    BACKSTAGE_TOKEN: serviceToken,
  });
  expect(out.stderr).toBe('');
  const { entities } = JSON.parse(out.stdout);
  expect(entities).toHaveLength(ENTITIES);
  for (const e of entities) {
    expect(e.before).toEqual(before.get(e.entityRef));
  }
  // The change the push made: backups met raise a score, not met do not.
  const svc3 = entities.find(
    (e: any) => e.entityRef === 'component:default/svc-3',
  );
  expect(svc3.score).toBeLessThanOrEqual(svc3.before.score);
  const svc4 = entities.find(
    (e: any) => e.entityRef === 'component:default/svc-4',
  );
  expect(svc4.score).toBeGreaterThan(svc4.before.score);
  // Before the push, 3 lists of stored scores; after it, each scorecard.
  expect(asked.filter(p => p.endsWith('/scorecards'))).toHaveLength(3);
  expect(asked.filter(p => p.includes('/entities/'))).toHaveLength(ENTITIES);
});
