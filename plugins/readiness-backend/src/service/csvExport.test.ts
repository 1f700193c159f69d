import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { statementsOf } from '../__testUtils__/statements';
import { catalogWith } from '../__testUtils__/hidingCatalog';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The entity refs of a CSV export, in its order. */
const refsOf = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map(line => line.split(',')[0]);

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

describe.each(databases.eachSupportedId())(
  'GET /export.csv with the filters of the entity list on %s',
  id => {
    // The entity list exported what it showed by reading every page of
    // GET /scorecards by offset: 200 requests at 100,000 entities, each
    // counting every match again.
    it('streams every match of the list’s filters, in ref order, and names a bad filter', async () => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const list = async (query: string) =>
        (
          await api
            .get(`${base}/scorecards?${query}&sort=entityRef&limit=500`)
            .set('Authorization', alice)
            .expect(200)
        ).body.items.map((item: { entityRef: string }) => item.entityRef);
      const exported = async (query: string) => {
        const csv = await api
          .get(`${base}/export.csv?${query}`)
          .set('Authorization', alice)
          .expect(200);
        expect(csv.headers['content-type']).toMatch(/text\/csv/);
        return refsOf(csv.text);
      };
      for (const query of [
        'owner=team-a',
        'owner=team-a&owner=team-b&kind=component',
        'system=shop',
        'q=check',
        'lifecycle=production&kind=Component',
      ]) {
        const matches = await list(query);
        expect(matches.length).toBeGreaterThan(0);
        expect(await exported(query)).toEqual(matches);
      }
      expect((await exported('')).length).toBeGreaterThan(
        (await exported('owner=team-a')).length,
      );
      for (const [query, field] of [
        ['kind=not-a-kind!', 'kind'],
        ['owner=x:y:z:w', 'owner'],
        ['sort=score', 'sort'],
      ]) {
        const bad = await api
          .get(`${base}/export.csv?${query}`)
          .set('Authorization', alice)
          .expect(400);
        expect(bad.body.error.message).toContain(field);
      }
    });

    it('reads no scorecard for a caller who may read no entity: the header alone', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({
        knex,
        catalogRead: user => (user === 'user:default/bob' ? 'deny' : 'allow'),
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      let csv = '';
      const statements = await statementsOf(knex, async () => {
        csv = (
          await api
            .get(`${base}/export.csv`)
            .set('Authorization', bob)
            .expect(200)
        ).text;
      });
      expect(csv.trim().split('\r\n')).toHaveLength(1);
      expect(
        statements.filter(s => /readiness_scorecards/.test(s.sql)),
      ).toEqual([]);
    });
  },
);
