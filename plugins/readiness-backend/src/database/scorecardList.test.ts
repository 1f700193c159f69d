import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { countReads, planSteps } from '../__testUtils__/queryPlans';
import { componentScorecard } from '../__testUtils__/scorecards';
import { statementsOf } from '../__testUtils__/statements';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { ScorecardQuery } from './ReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The organisation's entity list opens on this page: every entity, by
// score, those without one last.
const FIRST_PAGE = { limit: 3, offset: 0 } as const;

/** A plan step that sorts the rows (PostgreSQL's node, SQLite's temporary B-tree). */
const SORTED = /Sort|ORDER BY/;

/** The steps of the plan of the list's statement for `query`, joined. */
async function planOf(
  knex: Knex,
  store: DatabaseReadinessStore,
  query: ScorecardQuery,
): Promise<string> {
  const [sent] = await statementsOf(knex, () => store.listScorecards(query));
  return (await planSteps(knex, sent)).join('; ');
}

/** Four of the seven entities' first expiries: two on one day, three without. */
async function withExpiries(knex: Knex) {
  const expiries: Record<string, string> = {
    c4: '2027-01-10T00:00:00.000Z',
    c1: '2027-01-05T00:00:00.000Z',
    c6: '2027-01-10T00:00:00.000Z',
    c2: '2027-03-01T00:00:00.000Z',
  };
  for (const [name, expiry] of Object.entries(expiries)) {
    await knex('readiness_scorecards')
      .where('entity_ref', `component:default/${name}`)
      .update({ next_expiry: expiry });
  }
}

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
    expect(await planOf(knex, store, FIRST_PAGE)).not.toMatch(SORTED);
  });

  // A click on the Title column: each page sorted the whole organisation.
  it('reads the first page by title in order from an index too', async () => {
    const { knex, store } = await storeWithScorecards();
    expect(
      await planOf(knex, store, { ...FIRST_PAGE, sort: 'title', order: 'asc' }),
    ).not.toMatch(SORTED);
  });

  // A second click on the Score or Title column: each page sorted every
  // scorecard, as the ascending indexes read backwards put the rows
  // without one first.
  it('pages by score and by title in descending order, those without one last, from an index', async () => {
    const { knex, store } = await storeWithScorecards();
    const titles: Record<string, string> = {
      c0: 'Billing',
      c3: 'Accounts',
      c5: 'Checkout',
      c6: 'Billing',
    };
    for (const [name, title] of Object.entries(titles)) {
      await knex('readiness_scorecards')
        .where('entity_ref', `component:default/${name}`)
        .update({ title });
    }
    const refs = async (sort: 'score' | 'title', offset: number) =>
      (
        await store.listScorecards({ sort, order: 'desc', limit: 4, offset })
      ).items.map(item => item.entityRef.slice('component:default/'.length));
    // Scores 40, null, 10, 10, 90, null, 55.
    expect([...(await refs('score', 0)), ...(await refs('score', 4))]).toEqual([
      'c4',
      'c6',
      'c0',
      'c2',
      'c3',
      'c1',
      'c5',
    ]);
    expect([...(await refs('title', 0)), ...(await refs('title', 4))]).toEqual([
      'c5',
      'c0',
      'c6',
      'c3',
      'c1',
      'c2',
      'c4',
    ]);
    for (const sort of ['score', 'title'] as const) {
      expect(
        await planOf(knex, store, { ...FIRST_PAGE, sort, order: 'desc' }),
      ).not.toMatch(SORTED);
    }
  });

  // The list sorted by ref sorted the whole organisation: it tested the
  // ref, which is never null, for null first.
  it('pages by entity ref either way in order from the primary key', async () => {
    const { knex, store } = await storeWithScorecards();
    const refs = async (order: 'asc' | 'desc', offset: number) =>
      (
        await store.listScorecards({
          sort: 'entityRef',
          order,
          limit: 3,
          offset,
        })
      ).items.map(item => item.entityRef.slice('component:default/'.length));
    expect([await refs('asc', 0), await refs('asc', 3)]).toEqual([
      ['c0', 'c1', 'c2'],
      ['c3', 'c4', 'c5'],
    ]);
    expect([await refs('desc', 0), await refs('desc', 3)]).toEqual([
      ['c6', 'c5', 'c4'],
      ['c3', 'c2', 'c1'],
    ]);
    for (const order of ['asc', 'desc'] as const) {
      expect(
        await planOf(knex, store, { ...FIRST_PAGE, sort: 'entityRef', order }),
      ).not.toMatch(SORTED);
    }
  });

  // The renewals of the whole organisation (no owner): each page sorted
  // every scorecard, as the expiry index leads with the owner.
  it('pages the renewals of every owner by first expiry in order from an index', async () => {
    const { knex, store } = await storeWithScorecards();
    await withExpiries(knex);
    const page = (query: { expiringBefore?: string; offset: number }) =>
      store
        .listScorecards({ sort: 'nextExpiry', limit: 3, ...query })
        .then(({ items, totalCount }) => ({
          refs: items.map(i => i.entityRef.slice('component:default/'.length)),
          totalCount,
        }));
    expect(await page({ offset: 0 })).toEqual({
      refs: ['c1', 'c4', 'c6'],
      totalCount: 7,
    });
    expect((await page({ offset: 3 })).refs).toEqual(['c2', 'c0', 'c3']);
    expect(
      await page({ expiringBefore: '2027-02-01T00:00:00.000Z', offset: 0 }),
    ).toEqual({ refs: ['c1', 'c4', 'c6'], totalCount: 3 });
    for (const expiringBefore of [undefined, '2027-02-01T00:00:00.000Z']) {
      expect(
        await planOf(knex, store, {
          ...FIRST_PAGE,
          sort: 'nextExpiry',
          ...(expiringBefore ? { expiringBefore } : {}),
        }),
      ).not.toMatch(SORTED);
    }
  });

  // A second click on the renewals' expiry column: each page sorted every
  // scorecard, as the ascending index read backwards puts the rows without
  // an expiry first.
  it('pages the renewals of every owner by latest expiry first, those without one last, from an index', async () => {
    const { knex, store } = await storeWithScorecards();
    await withExpiries(knex);
    const refs = async (query: { expiringBefore?: string; offset: number }) =>
      (
        await store.listScorecards({
          sort: 'nextExpiry',
          order: 'desc',
          limit: 3,
          ...query,
        })
      ).items.map(item => item.entityRef.slice('component:default/'.length));
    expect([
      ...(await refs({ offset: 0 })),
      ...(await refs({ offset: 3 })),
      ...(await refs({ offset: 6 })),
    ]).toEqual(['c2', 'c4', 'c6', 'c1', 'c0', 'c3', 'c5']);
    expect(
      await refs({ expiringBefore: '2027-02-01T00:00:00.000Z', offset: 0 }),
    ).toEqual(['c4', 'c6', 'c1']);
    for (const expiringBefore of [undefined, '2027-02-01T00:00:00.000Z']) {
      expect(
        await planOf(knex, store, {
          ...FIRST_PAGE,
          sort: 'nextExpiry',
          order: 'desc',
          ...(expiringBefore ? { expiringBefore } : {}),
        }),
      ).not.toMatch(SORTED);
    }
  });

  // The entity list's export: every match, a page at a time, by keyset.
  it('streams the scorecards a filter keeps in ref order, a page at a time', async () => {
    const { knex, store } = await storeWithScorecards();
    for (const name of ['c6', 'c1', 'c4', 'c2']) {
      await knex('readiness_scorecards')
        .where('entity_ref', `component:default/${name}`)
        .update({ next_expiry: '2027-01-10T00:00:00.000Z' });
    }
    const pages = [];
    for await (const page of store.streamScorecards(2, {
      expiringBefore: '2027-02-01T00:00:00.000Z',
    })) {
      pages.push(page.map(s => s.entityRef.slice('component:default/'.length)));
    }
    expect(pages).toEqual([
      ['c1', 'c2'],
      ['c4', 'c6'],
    ]);
    const all = [];
    for await (const page of store.streamScorecards(3)) all.push(page.length);
    expect(all).toEqual([3, 3, 1]);
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
