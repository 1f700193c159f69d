import { createTestDatabases } from '../__testUtils__/databases';
import {
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'kept scorecard details in the full run on %s',
  id => {
    it('are deleted once they no longer count, and kept while they do', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({ knex });
      const compute = () =>
        api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      await compute();
      // A read keeps cart's detail for its scorecard, once it has replied.
      await api.get(cart).set('Authorization', bob).expect(200);
      const kept = () =>
        knex('readiness_scorecard_details')
          .select('entity_ref')
          .orderBy('entity_ref')
          .then(rows => rows.map(r => r.entity_ref));
      for (let i = 0; i < 500 && !(await kept()).length; i++) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      expect(await kept()).toEqual(['component:default/cart']);

      // As an upgrade from before details were kept apart leaves them: one
      // per entity, for the fingerprint of a scorecard since written again;
      // and one of an entity no longer scored.
      await knex('readiness_scorecard_details').insert(
        ['component:default/checkout', 'component:default/gone'].map(ref => ({
          entity_ref: ref,
          fingerprint: 'before-the-upgrade',
          scorecard: '{}',
        })),
      );
      // A run with nothing changed does not look at the details.
      const queries: string[] = [];
      const record = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', record);
      await compute();
      knex.off('query', record);
      expect(queries.filter(q => q.includes('scorecard_details'))).toEqual([]);
      // The upgrade's first run writes every row again (their fingerprints
      // are of the release before); then it prunes.
      await knex('readiness_scorecards').update({ input_fingerprint: null });
      await compute();
      expect(await kept()).toEqual(['component:default/cart']);
      // Cart's still counts: read again, it is served as kept.
      const before = await knex('readiness_scorecard_details').first();
      await api.get(cart).set('Authorization', bob).expect(200);
      expect(await knex('readiness_scorecard_details').first()).toEqual(before);
    });
  },
);
