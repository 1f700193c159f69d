import { emptyAggregate, Rollup } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { countReads, planSteps } from '../__testUtils__/queryPlans';
import { statementsOf } from '../__testUtils__/statements';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { RollupQuery } from './ReadinessStore';
import { RollupTable } from './rollupTable';
import { StoreDatabase } from './storeDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = '2026-11-30';

function rollup(
  name: string,
  score: number | null,
  fields: Partial<Rollup> = {},
): Rollup {
  return {
    ref: `group:default/${name}`,
    kind: 'group',
    title: `Team ${name}`,
    children: [],
    score,
    categories: {},
    aggregate: emptyAggregate(),
    ...fields,
  };
}

// Ties in score and title, scores missing, a parent with children.
const groups = [
  rollup('root', 50, {
    children: ['group:default/a', 'group:default/b', 'group:default/c'],
  }),
  rollup('a', 20, { parent: 'group:default/root' }),
  rollup('b', null, { parent: 'group:default/root' }),
  rollup('c', 20, { parent: 'group:default/root', title: 'Team a' }),
  rollup('d', 80),
  rollup('e', null),
  rollup('f', 5.5),
];
const systems: Rollup[] = [
  {
    ...rollup('s1', 40),
    ref: 'system:default/s1',
    kind: 'system',
    parent: 'domain:default/d1',
  },
  {
    ...rollup('s2', 60),
    ref: 'system:default/s2',
    kind: 'system',
    parent: 'domain:default/d1',
  },
  {
    ...rollup('d1', 50),
    ref: 'domain:default/d1',
    kind: 'domain',
    children: ['system:default/s1', 'system:default/s2'],
  },
];

/** What a page must hold: the rollups in the requested order, rows without a score last. */
function expectedPage(all: Rollup[], query: RollupQuery) {
  const key = (r: Rollup) =>
    ({ score: r.score, title: r.title ?? null, ref: r.ref }[
      query.sort ?? 'score'
    ]);
  const sign = query.order === 'desc' ? -1 : 1;
  const sorted = [...all].sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    if ((a === null) !== (b === null)) return a === null ? 1 : -1;
    if (a !== null && b !== null && a !== b) return (a < b ? -1 : 1) * sign;
    return x.ref < y.ref ? -1 : 1;
  });
  return sorted.slice(query.offset, query.offset + query.limit);
}

describe.each(databases.eachSupportedId())('lists of rollups on %s', id => {
  async function storeWithRollups() {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const all = [...groups, ...systems];
    await store.transaction(async tx => {
      await store.putRollups(tx, all, new Date().toISOString());
      // A System is also scored as an entity: its entity line shares the ref.
      await store.putSnapshots(
        tx,
        DAY,
        [{ ref: 'system:default/s1', score: 10, level: null }],
        all,
      );
    });
    return { knex, store };
  }

  it('pages in every order, rows without a score last, with the count of every row matching', async () => {
    const { store } = await storeWithRollups();
    for (const sort of ['score', 'title', 'ref'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const [limit, offset] of [
          [3, 0],
          [3, 3],
          [100, 0],
        ]) {
          const query: RollupQuery = {
            kind: 'group',
            sort,
            order,
            limit,
            offset,
          };
          const expected = expectedPage(groups, query).map(r => r.ref);
          const now = await store.listRollups(query);
          expect({
            sort,
            order,
            offset,
            refs: now.items.map(r => r.ref),
          }).toEqual({ sort, order, offset, refs: expected });
          expect(now.totalCount).toBe(groups.length);
          const then = await store.listRollupsAsOf(DAY, query);
          expect(then.items.map(r => r.ref)).toEqual(expected);
          expect(then.totalCount).toBe(groups.length);
        }
      }
    }
    expect(
      await store.listRollups({ kind: 'group', limit: 3, offset: 100 }),
    ).toEqual({ items: [], totalCount: groups.length });
  });

  it('filters by parent and search, each rollup whole, of the kind asked', async () => {
    const { store } = await storeWithRollups();
    const children = await store.listRollups({
      kind: 'group',
      parent: 'group:default/root',
      sort: 'ref',
      limit: 10,
      offset: 0,
    });
    expect(children).toEqual({ items: groups.slice(1, 4), totalCount: 3 });
    const roots = await store.listRollups({
      kind: 'group',
      parent: null,
      limit: 10,
      offset: 0,
    });
    expect(roots.items.map(r => r.ref).sort()).toEqual(
      ['d', 'e', 'f', 'root'].map(n => `group:default/${n}`),
    );
    const found = await store.listRollups({
      kind: 'group',
      search: 'TEAM A',
      limit: 10,
      offset: 0,
    });
    expect(found.items.map(r => r.ref)).toEqual([
      'group:default/a',
      'group:default/c',
    ]);
    // The System's entity line of the snapshot is not a rollup.
    const systemsThen = await store.listRollupsAsOf(DAY, {
      kind: 'system',
      limit: 10,
      offset: 0,
    });
    expect(systemsThen).toEqual({ items: systems.slice(0, 2), totalCount: 2 });
  });

  it('reads a page of stored texts with its count and a state in one query', async () => {
    const { knex, store } = await storeWithRollups();
    await store.setState('last-run', { finishedAt: DAY });
    for (const [query, expected] of [
      [{ kind: 'group', limit: 3, offset: 0 }, groups],
      [
        { kind: 'group', sort: 'title', order: 'desc', limit: 2, offset: 1 },
        groups,
      ],
      [
        { kind: 'group', parent: 'group:default/root', limit: 5, offset: 0 },
        groups.slice(1, 4),
      ],
      [{ kind: 'domain', limit: 5, offset: 0 }, systems.slice(2)],
      // Past the end, and nothing matching: no text, still the count and state.
      [{ kind: 'group', limit: 3, offset: 100 }, groups],
      [{ kind: 'group', search: 'nobody', limit: 3, offset: 0 }, []],
    ] as [RollupQuery, Rollup[]][]) {
      let page;
      const queries = await statementsOf(knex, async () => {
        page = await store.listRollupTexts(query, 'last-run');
      });
      expect(queries).toHaveLength(1);
      expect(page).toEqual({
        items: expectedPage(expected, query).map(r => JSON.stringify(r)),
        totalCount: expected.length,
        state: { finishedAt: DAY },
      });
    }
    const query: RollupQuery = { kind: 'group', limit: 3, offset: 0 };
    expect(await store.listRollupTexts(query, 'none')).toEqual({
      items: expectedPage(groups, query).map(r => JSON.stringify(r)),
      totalCount: groups.length,
    });
    expect(await store.listRollupTexts(query)).toEqual(
      await store.listRollupTexts(query, 'none'),
    );
  });

  it('reads a rollup with the children it names and a state in one query', async () => {
    const { knex, store } = await storeWithRollups();
    await store.setState('last-run', { finishedAt: DAY });
    let family;
    const queries = await statementsOf(knex, async () => {
      family = await store.getRollupWithChildren(
        'group:default/root',
        'group',
        'last-run',
      );
    });
    expect(queries).toHaveLength(1);
    // The lowest scores first (a and c tie at 20: by ref), b without one last.
    expect(family).toEqual({
      rollup: groups[0],
      children: [groups[1], groups[3], groups[2]],
      childrenTotal: 3,
      state: { finishedAt: DAY },
    });
    expect(
      await store.getRollupWithChildren('domain:default/d1', 'domain', 'none'),
    ).toEqual({
      rollup: systems[2],
      children: systems.slice(0, 2),
      childrenTotal: 2,
      state: undefined,
    });
    expect(
      await store.getRollupWithChildren('group:default/d', 'group', 'last-run'),
    ).toEqual({
      rollup: groups[4],
      children: [],
      childrenTotal: 0,
      state: { finishedAt: DAY },
    });
    // A page of children, still in the one query.
    const firstTwo = await statementsOf(knex, async () => {
      family = await store.getRollupWithChildren(
        'group:default/root',
        'group',
        'last-run',
        { childLimit: 2 },
      );
    });
    expect(firstTwo).toHaveLength(1);
    expect(family).toMatchObject({
      children: [groups[1], groups[3]],
      childrenTotal: 3,
    });
    expect(
      await store.getRollupWithChildren(
        'group:default/none',
        'group',
        'last-run',
      ),
    ).toBeUndefined();
  });

  // A group's read asked for its trend beside the rollup: a query of its
  // own, ~0.3 ms of the server's CPU and 0.1 ms of PostgreSQL's a read.
  it('reads a rollup with its children, a state and its trend in one query', async () => {
    const { knex, store } = await storeWithRollups();
    await store.setState('last-run', { finishedAt: DAY });
    const days = ['2026-11-27', '2026-11-28', '2026-11-29'];
    for (const [i, day] of days.entries()) {
      await store.transaction(tx =>
        store.putSnapshots(
          tx,
          day,
          // The System's entity line shares its ref: not part of its trend.
          [{ ref: 'system:default/s1', score: 99, level: 'gold' }],
          [...groups, ...systems].map(r => ({
            ...r,
            score: i === 1 ? null : 10 * i + 0.5,
          })),
        ),
      );
    }
    const table = new RollupTable(new StoreDatabase(knex));
    for (const [ref, kind] of [
      ['group:default/root', 'group'],
      ['system:default/s1', 'system'],
      ['domain:default/d1', 'domain'],
    ] as const) {
      let family: Awaited<ReturnType<typeof table.getRollupWithChildren>>;
      const queries = await statementsOf(knex, async () => {
        family = await table.getRollupWithChildren(ref, kind, 'last-run', {
          trendSince: '2026-11-28',
        });
      });
      expect(queries).toHaveLength(1);
      expect(family).toEqual({
        ...(await store.getRollupWithChildren(ref, kind, 'last-run')),
        trend: await store.getSnapshots(ref, kind, '2026-11-28'),
      });
      // The storeWithRollups snapshot (DAY) is the newest.
      expect(family!.trend!.map(t => t.day)).toEqual([...days.slice(1), DAY]);
    }
  });

  // A page of 100 among 2,000 groups sorted every group with its JSON: ~2.5 ms
  // of PostgreSQL's CPU a read. In the default order the page is the start
  // of an index scan. (A planner that may scan the table would sort these
  // few rows: on PostgreSQL the plan is read with sequential scans off.)
  it('pages in the default order without sorting the rollups', async () => {
    const { knex, store } = await storeWithRollups();
    const [query] = await statementsOf(knex, () =>
      store.listRollups({ kind: 'group', limit: 3, offset: 0 }),
    );
    const steps = await planSteps(knex, query);
    expect(steps.join('; ')).not.toMatch(/Sort|ORDER BY/);
  });

  if (id.startsWith('POSTGRES')) {
    // The count sees every matching row: holding their JSON until it was
    // done made a page of 100 among 2,000 groups take PostgreSQL 15 ms.
    it('counts the matching rollups without holding their JSON', async () => {
      const { knex, store } = await storeWithRollups();
      const [query] = await statementsOf(knex, () =>
        store.listRollups({ kind: 'group', limit: 2, offset: 0 }),
      );
      const counted = await countReads(knex, query);
      expect(counted.join(' ')).toMatch(/count\(\*\)/);
      expect(counted.filter(o => /\brollup\b/.test(o))).toEqual([]);
    });
  }
});
