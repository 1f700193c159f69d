import { Rollup } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { base, bob, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * The list reads in round trips: a page and the count of every row matching
 * come from one query, a page of rollups also with the last run's state.
 */
/** Scores in the order lists give them: lowest first, none last. */
function byScore(scores: (number | null)[]) {
  return [...scores].sort((a, b) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a - b;
  });
}

describe.each(databases.eachSupportedId())('list reads, on %s', id => {
  it('read a page and its total in one query, pass stored rollups on unparsed, and count a page past the end', async () => {
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
    // The page, its count and the last run's state in one query.
    expect(groups.queries).toHaveLength(1);
    expect(groups.body).toMatchObject({
      computedAt: expect.any(String),
      stale: false,
    });
    // Past the end: no rollup, still the count and the state.
    const pastRollups = await get('/rollups?by=group&limit=2&offset=1000');
    expect(pastRollups.body).toEqual({
      ...groups.body,
      items: [],
    });
    expect(pastRollups.queries).toHaveLength(1);

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

    // The stored rollups are passed on as stored: none is parsed by the
    // route (the client's parse of the whole body is the only one).
    const stored: string[] = (
      await knex('readiness_rollups').select('rollup')
    ).map((r: { rollup: string }) => r.rollup);
    const parse = jest.spyOn(JSON, 'parse');
    const page = await get('/rollups?by=group&limit=1000');
    expect(parse.mock.calls.filter(([text]) => stored.includes(text))).toEqual(
      [],
    );
    parse.mockRestore();
    expect(
      page.body.items.map((r: object) => JSON.stringify(r)).sort(),
    ).toEqual(
      (await knex('readiness_rollups').where('kind', 'group').select('rollup'))
        .map((r: { rollup: string }) => r.rollup)
        .sort(),
    );
    expect(page.body).toMatchObject({
      by: 'group',
      totalCount: page.body.items.length,
      stale: false,
    });

    const team = await get('/rollups/group/default/team-a?limit=1');
    expect(team.body.entities).toHaveLength(1);
    expect(team.body.entitiesTotal).toBeGreaterThan(1);

    // A group's rollup: the rollup with its children, its trend and the
    // last run's state (one query), and its entities, both at once.
    const eng = await get('/rollups/group/default/eng');
    expect(eng.body.children.map((c: { ref: string }) => c.ref).sort()).toEqual(
      [
        'group:default/empty-team',
        'group:default/team-a',
        'group:default/team-b',
      ],
    );
    expect(eng.body.childrenTotal).toBe(3);
    // The lowest scores first; the empty team, which has none, last.
    const scores = eng.body.children.map((c: Rollup) => c.score);
    expect(scores).toEqual(byScore(scores));
    expect(scores[2]).toBeNull();
    expect(eng.queries).toHaveLength(2);
    expect(eng.body.computedAt).toEqual(groups.body.computedAt);
    expect(eng.body.stale).toBe(false);
    expect(eng.body.trend).toEqual([
      { day: expect.any(String), score: eng.body.rollup.score, level: null },
    ]);

    // A flat organisation puts thousands of teams under one group: a read
    // brings as many children as asked, the lowest scores first.
    const lowest = await get('/rollups/group/default/eng?childLimit=1');
    expect(lowest.body.children).toEqual([eng.body.children[0]]);
    expect(lowest.body.childrenTotal).toBe(3);
    expect(lowest.queries).toHaveLength(2);
    const alone = await get('/rollups/group/default/eng?childLimit=0');
    expect(alone.body).toMatchObject({ children: [], childrenTotal: 3 });
    const day = eng.body.trend[0].day;
    const asOf = await get(
      `/rollups/group/default/eng?asOf=${day}&childLimit=1`,
    );
    expect(asOf.body.children.map((c: Rollup) => c.ref)).toEqual([
      eng.body.children[0].ref,
    ]);
    expect(asOf.body.childrenTotal).toBe(3);
    const tooMany = await api
      .get(`${base}/rollups/group/default/eng?childLimit=1001`)
      .set('Authorization', bob)
      .expect(400);
    expect(tooMany.body.error.message).toMatch(/childLimit/);
  });
});
