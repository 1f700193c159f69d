import { createTestDatabases } from '../__testUtils__/databases';
import { base, bob, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * The list reads in round trips: a page and the count of every row matching
 * come from one query; the last run's state is read beside it.
 */
describe.each(databases.eachSupportedId())('list reads, on %s', id => {
  it('read a page and its total in one query, and count a page past the end', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const queries: string[] = [];
    knex.on('query', (q: { sql: string }) => queries.push(q.sql));
    const get = async (url: string) => {
      queries.length = 0;
      const { body } = await api
        .get(`${base}${url}`)
        .set('Authorization', bob)
        .expect(200);
      return { body, queries: [...queries] };
    };

    const groups = await get('/rollups?by=group&limit=2');
    expect(groups.body.items).toHaveLength(2);
    const all = await get('/rollups?by=group&limit=1000');
    expect(groups.body.totalCount).toBe(all.body.items.length);
    // The page with its count, and the last run's state.
    expect(groups.queries).toHaveLength(2);

    const scorecards = await get('/scorecards?limit=1');
    expect(scorecards.body.items).toHaveLength(1);
    expect(scorecards.body.totalCount).toBeGreaterThan(1);
    expect(scorecards.queries).toHaveLength(1);

    const past = await get(`/scorecards?limit=1&offset=1000`);
    expect(past.body).toEqual({
      items: [],
      totalCount: scorecards.body.totalCount,
    });
    const none = await get('/scorecards?q=no-such-entity');
    expect(none.body).toEqual({ items: [], totalCount: 0 });

    const team = await get('/rollups/group/default/team-a?limit=1');
    expect(team.body.entities).toHaveLength(1);
    expect(team.body.entitiesTotal).toBeGreaterThan(1);
  });
});
