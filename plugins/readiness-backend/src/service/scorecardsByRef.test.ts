import { smallOrg } from '../__testUtils__/entities';
import { createTestDatabases } from '../__testUtils__/databases';
import { catalogHiding } from '../__testUtils__/hidingCatalog';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * `GET /scorecards?entityRef=`: the stored summaries of the entities named,
 * in one request (a pipeline's report before a push, say), and only of those
 * the caller may read in the catalog.
 */
describe.each(databases.eachSupportedId())(
  'scorecards of the entities named, on %s',
  id => {
    async function computed(options: Parameters<typeof startBackend>[0]) {
      const backend = await startBackend(options);
      await backend.api
        .post(`${base}/compute`)
        .set('Authorization', carol)
        .expect(202);
      return backend;
    }

    it('lists only the entities named, in any spelling, and none twice', async () => {
      const knex = await databases.init(id);
      const { api } = await computed({ knex });
      const { body } = await api
        .get(
          `${base}/scorecards?entityRef=cart&entityRef=component:default/search` +
            '&entityRef=Component:default/Cart&entityRef=component:default/no-such-entity' +
            '&sort=entityRef',
        )
        .set('Authorization', bob)
        .expect(200);
      expect(body.totalCount).toBe(2);
      expect(body.items.map((i: { entityRef: string }) => i.entityRef)).toEqual(
        ['component:default/cart', 'component:default/search'],
      );
      const one = (
        await api
          .get(`${base}/scorecards?entityRef=component:default/cart`)
          .set('Authorization', bob)
          .expect(200)
      ).body;
      // The same summary as the unfiltered list gives for it.
      const all = (
        await api
          .get(`${base}/scorecards?limit=500`)
          .set('Authorization', bob)
          .expect(200)
      ).body;
      expect(one.items).toEqual(
        all.items.filter(
          (i: { entityRef: string }) =>
            i.entityRef === 'component:default/cart',
        ),
      );
      // Combined with the other filters, all of which must hold.
      const teamB = (
        await api
          .get(
            `${base}/scorecards?entityRef=cart&entityRef=search&owner=group:default/team-b`,
          )
          .set('Authorization', bob)
          .expect(200)
      ).body;
      expect(
        teamB.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/search']);
    });

    it('leaves out an entity the caller may not read in the catalog', async () => {
      const knex = await databases.init(id);
      const entities = smallOrg();
      const { api } = await computed({
        knex,
        entities,
        catalog: catalogHiding(entities, 'component:default/cart'),
        catalogRead: user =>
          user === 'user:default/bob' ? 'conditional' : 'allow',
      });
      const query = `${base}/scorecards?entityRef=cart&entityRef=search`;
      const bobs = (await api.get(query).set('Authorization', bob).expect(200))
        .body;
      expect(bobs.totalCount).toBe(1);
      expect(bobs.items.map((i: { entityRef: string }) => i.entityRef)).toEqual(
        ['component:default/search'],
      );
      const alices = (
        await api.get(query).set('Authorization', alice).expect(200)
      ).body;
      expect(alices.totalCount).toBe(2);
    });

    it('refuses a malformed ref or too many, naming the field', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({ knex });
      const bad = await api
        .get(`${base}/scorecards?entityRef=component:default/`)
        .set('Authorization', bob)
        .expect(400);
      expect(bad.body.error.message).toContain('entityRef');
      const many = Array.from(
        { length: 101 },
        (_, i) => `entityRef=component:default/c${i}`,
      ).join('&');
      const tooMany = await api
        .get(`${base}/scorecards?${many}`)
        .set('Authorization', bob)
        .expect(400);
      expect(tooMany.body.error.message).toContain('entityRef');
      expect(tooMany.body.error.message.length).toBeLessThan(1000);
    });
  },
);
