import { createTestDatabases } from '../__testUtils__/databases';
import { emptyRollup as rollup, g } from '../__testUtils__/rollups';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('group chains on %s', id => {
  it('reads every ancestor of the given groups in one query, however deep', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const depth = 300;
    const rollups = [
      ...Array.from({ length: depth }, (_, i) =>
        rollup(g(i), 'group', i ? g(i - 1) : undefined),
      ),
      rollup(g('other'), 'group'),
      // A System whose parent (its Domain) shares a group's name: not a group link.
      rollup('system:default/s', 'system', 'domain:default/d'),
    ];
    await store.transaction(tx =>
      store.putRollups(tx, rollups, new Date().toISOString()),
    );

    let queries = 0;
    const count = () => queries++;
    knex.on('query', count);
    const links = await store.getGroupChains([
      g(depth - 1),
      g(150),
      g('other'),
      g('not-stored'),
      'system:default/s',
    ]);
    knex.removeListener('query', count);

    expect(queries).toBe(1);
    const byRef = new Map(links.map(l => [l.ref, l.parent]));
    expect(byRef.size).toBe(depth + 1);
    expect(byRef.get(g(depth - 1))).toBe(g(depth - 2));
    expect(byRef.get(g(0))).toBeUndefined();
    expect(byRef.has(g(0))).toBe(true);
    expect(byRef.has(g('other'))).toBe(true);
    expect(byRef.has(g('not-stored'))).toBe(false);
    expect(byRef.has('system:default/s')).toBe(false);
    expect(await store.getGroupChains([])).toEqual([]);
  });
});
