import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
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
