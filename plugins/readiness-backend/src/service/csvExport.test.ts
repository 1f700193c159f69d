import { smallOrg } from '../__testUtils__/entities';
import { catalogWith } from '../__testUtils__/hidingCatalog';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('GET /export.csv', () => {
  it('answers 503 naming the catalog, before sending anything, when the catalog cannot filter the rows', async () => {
    const entities = smallOrg();
    const state = { down: false };
    const { api } = await startBackend({
      entities,
      catalog: catalogWith(entities, inner => ({
        getEntitiesByRefs: async (req: any, options: any) => {
          if (state.down)
            throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
          return inner.getEntitiesByRefs(req, options);
        },
      })),
      // bob reads what the catalog allows him entity by entity.
      catalogRead: user =>
        user === 'user:default/bob' ? 'conditional' : 'allow',
    });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const before = await api
      .get(`${base}/export.csv`)
      .set('Authorization', bob)
      .expect(200);
    expect(before.text.trim().split('\r\n').length).toBeGreaterThan(1);

    state.down = true;
    const scorecards = await api
      .get(`${base}/scorecards`)
      .set('Authorization', bob);
    const csv = await api.get(`${base}/export.csv`).set('Authorization', bob);
    expect(csv.status).toBe(503);
    expect(csv.headers['content-type']).toMatch(/application\/json/);
    expect(csv.headers['content-disposition']).toBeUndefined();
    expect(csv.body.error.message).toMatch(/catalog cannot be reached/);
    // As GET /scorecards answers the same caller.
    expect(scorecards.status).toBe(503);
    expect(csv.body.error.name).toBe(scorecards.body.error.name);
    // A caller who may read every entity needs no catalog.
    await api.get(`${base}/export.csv`).set('Authorization', alice).expect(200);
  });
});
