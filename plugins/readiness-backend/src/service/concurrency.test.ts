import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { defaultChecks } from '@prodready/plugin-readiness-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg, withRelations } from '../__testUtils__/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const carol = mockCredentials.user.header('user:default/carol');

/** smallOrg plus more components of team-a, so that writes contend for the same rollups. */
function org() {
  const base = smallOrg();
  const extra = Array.from({ length: 8 }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${i}`, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: i % 2 ? 'team-a' : 'team-b',
    },
  }));
  return withRelations([...base.map(({ relations, ...e }) => e), ...extra]);
}

describe.each(databases.eachSupportedId())('concurrent writes on %s', id => {
  it('move every ancestor rollup exactly as a full recomputation would', async () => {
    const knex = await databases.init(id);
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: org() }),
        mockServices.database.factory({ knex }),
      ],
    });
    const api = request(server);
    await api
      .post('/api/readiness/compute')
      .set('Authorization', carol)
      .expect(202);

    const writes = Array.from({ length: 8 }, (_, i) =>
      api
        .put(
          `/api/readiness/entities/component/default/svc-${i}/answers/monitoring.metrics`,
        )
        .set('Authorization', carol)
        .send({ status: i % 3 ? 'met' : 'partially-met', version: 0 }),
    );
    const responses = await Promise.all(writes);
    expect(responses.map(r => r.status)).toEqual(Array(8).fill(200));

    const incremental = (
      await api
        .get('/api/readiness/rollups?by=group&limit=100')
        .set('Authorization', carol)
    ).body.items;
    await api
      .post('/api/readiness/compute')
      .set('Authorization', carol)
      .expect(202);
    const full = (
      await api
        .get('/api/readiness/rollups?by=group&limit=100')
        .set('Authorization', carol)
    ).body.items;
    const summary = (items: any[]) =>
      Object.fromEntries(
        items.map(r => [
          r.ref,
          {
            score: r.score,
            entities: r.aggregate.entities,
            levels: r.aggregate.levels,
            scoreSum: Math.round(r.aggregate.scoreSum * 10),
          },
        ]),
      );
    expect(summary(incremental)).toEqual(summary(full));
    expect(summary(full)['group:default/acme'].entities).toBe(12);
  });
});

/** What the stored scorecards and rollups say, rounded the way the API does. */
async function storedState(api: ReturnType<typeof request>) {
  const scorecards = (
    await api
      .get('/api/readiness/scorecards?limit=100')
      .set('Authorization', carol)
      .expect(200)
  ).body.items as any[];
  const rollups: Record<string, unknown> = {};
  for (const by of ['group', 'system', 'domain']) {
    const items = (
      await api
        .get(`/api/readiness/rollups?by=${by}&limit=100`)
        .set('Authorization', carol)
        .expect(200)
    ).body.items as any[];
    for (const r of items) {
      rollups[r.ref] = {
        score: r.score,
        entities: r.aggregate.entities,
        levels: r.aggregate.levels,
        scoreSum: Math.round(r.aggregate.scoreSum * 10),
      };
    }
  }
  return {
    scorecards: Object.fromEntries(
      scorecards.map(s => [s.entityRef, { score: s.score, level: s.level }]),
    ),
    rollups,
  };
}

/** Stored results right after the writes, and what a full recomputation stores. */
async function afterWritesAndFullRun(api: ReturnType<typeof request>) {
  const incremental = await storedState(api);
  await api
    .post('/api/readiness/compute')
    .set('Authorization', carol)
    .expect(202);
  return { incremental, full: await storedState(api) };
}

/** Checks a Component can be answered on, in the default model. */
const componentChecks = defaultChecks
  .filter(c => c.appliesTo.includes('component'))
  .map(c => c.id);

async function startWith(id: TestDatabaseId, entities: Entity[]) {
  const knex = await databases.init(id);
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
    ],
  });
  const api = request(server);
  await api
    .post('/api/readiness/compute')
    .set('Authorization', carol)
    .expect(202);
  return api;
}

const putAnswer = (
  api: ReturnType<typeof request>,
  ref: string,
  checkId: string,
  status = 'met',
) =>
  api
    .put(`/api/readiness/entities/${ref}/answers/${checkId}`)
    .set('Authorization', carol)
    .send({ status, version: 0 });

describe.each(databases.eachSupportedId())(
  'concurrent writes to one entity on %s',
  id => {
    it('lose no answer: the stored scorecard and rollups match a full recomputation', async () => {
      const api = await startWith(id, org());
      const checks = componentChecks.slice(0, 20);
      expect(checks).toHaveLength(20);
      const responses = await Promise.all(
        checks.map(check => putAnswer(api, 'component/default/svc-1', check)),
      );
      expect(responses.map(r => r.status)).toEqual(Array(20).fill(200));

      const { incremental, full } = await afterWritesAndFullRun(api);
      expect(incremental.scorecards['component:default/svc-1']).toEqual(
        full.scorecards['component:default/svc-1'],
      );
      expect(incremental).toEqual(full);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'concurrent writes within one System on %s',
  id => {
    it('lose no inherited answer: every part and rollup matches a full recomputation', async () => {
      // All the extra components are parts of the System shop.
      const entities = org().map(e =>
        e.kind === 'Component'
          ? { ...e, spec: { ...e.spec, system: 'shop' } }
          : e,
      );
      const api = await startWith(
        id,
        withRelations(entities.map(({ relations, ...e }) => e)),
      );
      const systemChecks = componentChecks
        .filter(c =>
          defaultChecks.find(d => d.id === c)!.appliesTo.includes('system'),
        )
        .slice(0, 10);
      const partChecks = componentChecks.filter(c => !systemChecks.includes(c));
      const writes = [
        ...systemChecks.map(check =>
          putAnswer(api, 'system/default/shop', check),
        ),
        ...Array.from({ length: 10 }, (_, i) =>
          putAnswer(
            api,
            `component/default/svc-${i % 8}`,
            partChecks[i],
            i % 3 ? 'met' : 'partially-met',
          ),
        ),
      ];
      const responses = await Promise.all(writes);
      expect(responses.map(r => r.status)).toEqual(Array(20).fill(200));

      const { incremental, full } = await afterWritesAndFullRun(api);
      expect(incremental).toEqual(full);
    });
  },
);
