import { createTestDatabases } from '../__testUtils__/databases';
import { countReads, planSteps } from '../__testUtils__/queryPlans';
import { componentScorecard } from '../__testUtils__/scorecards';
import { statementsOf } from '../__testUtils__/statements';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The organisation's entity list opens on this page: every entity, by
// score, those without one last.
const FIRST_PAGE = { limit: 3, offset: 0 } as const;

describe.each(databases.eachSupportedId())('the entity list on %s', id => {
  async function storeWithScorecards() {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const scores = [40, null, 10, 10, 90, null, 55];
    await store.transaction(tx =>
      store.putScorecards(
        tx,
        scores.map((score, i) => {
          const ref = `component:default/c${i}`;
          return toScorecardRow(componentScorecard(ref, { score }), ref);
        }),
      ),
    );
    return { knex, store };
  }

  it('pages by score, unscored last, ties by ref, with the count of all', async () => {
    const { store } = await storeWithScorecards();
    const pages = [];
    for (const offset of [0, 3, 6]) {
      pages.push(await store.listScorecards({ limit: 3, offset }));
    }
    expect(pages.map(page => page.items.map(item => item.entityRef))).toEqual([
      ['component:default/c2', 'component:default/c3', 'component:default/c0'],
      ['component:default/c6', 'component:default/c4', 'component:default/c1'],
      ['component:default/c5'],
    ]);
    expect(pages.map(page => page.totalCount)).toEqual([7, 7, 7]);
    // A page past the end still says how many there are.
    expect(
      (await store.listScorecards({ limit: 3, offset: 9 })).totalCount,
    ).toBe(7);
  });

  // At 100,000 entities each page sorted them all with their member JSON.
  it('reads the first page in order from an index instead of sorting the organisation', async () => {
    const { knex, store } = await storeWithScorecards();
    const [query] = await statementsOf(knex, () =>
      store.listScorecards(FIRST_PAGE),
    );
    expect((await planSteps(knex, query)).join('; ')).not.toMatch(
      /Sort|ORDER BY/,
    );
  });

  // A click on the Title column: each page sorted the whole organisation.
  it('reads the first page by title in order from an index too', async () => {
    const { knex, store } = await storeWithScorecards();
    const [query] = await statementsOf(knex, () =>
      store.listScorecards({ ...FIRST_PAGE, sort: 'title', order: 'asc' }),
    );
    expect((await planSteps(knex, query)).join('; ')).not.toMatch(
      /Sort|ORDER BY/,
    );
  });

  if (id.startsWith('POSTGRES')) {
    it('counts the entities without holding their member JSON', async () => {
      const { knex, store } = await storeWithScorecards();
      const [query] = await statementsOf(knex, () =>
        store.listScorecards(FIRST_PAGE),
      );
      const counted = await countReads(knex, query);
      expect(counted.join(' ')).toMatch(/count\(\*\)/);
      expect(counted.filter(output => /\bmember\b/.test(output))).toEqual([]);
    });
  }
});
