import {
  alice,
  base,
  carol,
  ci,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * PostgreSQL refuses a NUL in a text parameter: a search, a filter or a
 * cursor that carries one must be a 400 naming it, not the database's error.
 */
describe.each(databases.eachSupportedId())(
  'one-line query values with control characters, on %s',
  id => {
    it.each([
      ['/scorecards?q=%00a', 'q'],
      ['/scorecards?lifecycle=production%00', 'lifecycle'],
      ['/export.csv?lifecycle=%00', 'lifecycle'],
      ['/rollups?by=group&q=team%00', 'q'],
      ['/scorecards/failing-checks?after=component:default/a%00', 'after'],
      ['/entities/component/default/cart?etag=%00', 'etag'],
    ])('GET %s is a 400 naming %s', async (url, field) => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const res = await api
        .get(`${base}${url}`)
        .set('Authorization', alice)
        .expect(400);
      expect(res.body.error.message).toMatch(
        new RegExp(`${field}: must not contain control characters`),
      );
    });

    it('refuses a check id with one when results are deleted', async () => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const res = await api
        .delete(`${base}/results/component/default/cart`)
        .query({ checkId: 'monitoring.metrics\u0000' })
        .set('Authorization', ci)
        .expect(400);
      expect(res.body.error.message).toMatch(
        /checkId: must not contain control characters/,
      );
    });
  },
);
