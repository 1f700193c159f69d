import { BRONZE_FOR_ALL } from '../__testUtils__/campaigns';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { emptyRollup as rollup, g } from '../__testUtils__/rollups';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { base, carol, startBackend } from '../__testUtils__/testBackend';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { groupSubtree } from '../database/rollupTable';
import { statementsOf } from '../__testUtils__/statements';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Counts the queries `knex` runs while `read` does. */
async function queriesOf<T>(knex: any, read: () => Promise<T>) {
  const sql: string[] = [];
  const count = (query: { sql: string }) => sql.push(query.sql);
  knex.on('query', count);
  try {
    return { result: await read(), sql };
  } finally {
    knex.removeListener('query', count);
  }
}

describe.each(databases.eachSupportedId())('group descendants on %s', id => {
  it('reads every group below one in one query, however deep, and ends on a stored cycle', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const depth = 300;
    const rollups = [
      // A chain g0 → g1 → … → g299, each with a leaf beside the next link.
      ...Array.from({ length: depth }, (_, i) =>
        rollup(g(i), 'group', i ? g(i - 1) : undefined),
      ),
      ...Array.from({ length: depth - 1 }, (_, i) =>
        rollup(g(`leaf${i}`), 'group', g(i)),
      ),
      rollup(g('other'), 'group'),
      // A System whose parent shares a group's name: not a group link.
      rollup('system:default/s', 'system', g(0)),
    ];
    await store.transaction(tx =>
      store.putRollups(tx, rollups, new Date().toISOString()),
    );

    const descendants = async (group: string) =>
      (
        (await groupSubtree(knex, group)
          .orderBy('ref')
          .pluck('ref')) as string[]
      ).filter(ref => ref !== group);
    const { result, sql } = await queriesOf(knex, () => descendants(g(0)));
    expect(sql).toHaveLength(1);
    expect(result).toHaveLength(2 * (depth - 1));
    expect(new Set(result)).toEqual(
      new Set([
        ...Array.from({ length: depth - 1 }, (_, i) => g(i + 1)),
        ...Array.from({ length: depth - 1 }, (_, i) => g(`leaf${i}`)),
      ]),
    );
    expect(await descendants(g(depth - 2))).toEqual([
      g(depth - 1),
      g(`leaf${depth - 2}`),
    ]);
    expect(await descendants(g(depth - 1))).toEqual([]);
    expect(await descendants(g('not-stored'))).toEqual([]);

    // A cycle written by hand (a full run cuts them): g0's parent is g200.
    await knex('readiness_rollups')
      .where('rollup_ref', g(0))
      .update({ parent_ref: g(200) });
    const cyclic = await descendants(g(100));
    expect(cyclic).not.toContain(g(100));
    expect(new Set(cyclic).size).toBe(cyclic.length);
    // Around the cycle: every link and leaf but g100 itself.
    expect(cyclic).toHaveLength(depth + (depth - 1) - 1);
    expect(cyclic).toContain(g(0));
    expect(cyclic).toContain(g('leaf99'));
  });
});

/** smallOrg with a chain of 40 teams under team-b, the last owning a service. */
function deepOrg(): Entity[] {
  const chain = Array.from(
    { length: 40 },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `deep-${i}`, namespace: 'default' },
      spec: {
        type: 'team',
        children: [],
        parent: i ? `deep-${i - 1}` : 'team-b',
      },
    }),
  );
  const service: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'deep-service', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'deep-39',
      system: 'shop',
    },
  };
  return withRelations([...smallOrg(), ...chain, service]);
}

describe.each(databases.eachSupportedId())(
  'GET /campaigns/:id/entities?owner= on %s',
  id => {
    it("lists the entities of a group and its descendants, the tree read within the list's queries", async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({
        knex,
        entities: deepOrg(),
        config: {
          readiness: {
            campaigns: [BRONZE_FOR_ALL],
          },
        },
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const url = `${base}/campaigns/bronze-for-all/entities?status=all&limit=500`;
      const refsOf = async (owner?: string) =>
        (
          await api
            .get(owner ? `${url}&owner=${owner}` : url)
            .set('Authorization', carol)
            .expect(200)
        ).body.items
          .map((i: { entityRef: string }) => i.entityRef)
          .sort();

      const everything = await refsOf();
      expect(everything).toContain('component:default/deep-service');
      let underRoot: string[] = [];
      const sent = await statementsOf(knex, async () => {
        underRoot = await refsOf('group:default/acme');
      });
      expect(underRoot).toEqual(everything);
      // 42 groups below acme's down to deep-39: the tree is read inside the
      // list's queries, which bind acme alone, not a ref a group.
      const lists = sent.filter(s => /readiness_campaign_entities/.test(s.sql));
      expect(lists.length).toBeGreaterThan(0);
      for (const list of lists) {
        expect(list.sql).toMatch(/readiness_rollups/);
        expect(
          list.bindings.filter(b => String(b).startsWith('group:')),
        ).toEqual(['group:default/acme']);
      }

      expect(await refsOf('group:default/team-a')).toEqual([
        'component:default/cart',
        'component:default/checkout',
        'system:default/shop',
      ]);
      expect(await refsOf('group:default/team-b')).toEqual([
        'component:default/deep-service',
        'component:default/search',
      ]);
      expect(await refsOf('group:default/deep-20')).toEqual([
        'component:default/deep-service',
      ]);
      expect(await refsOf('group:default/empty-team')).toEqual([]);
    });
  },
);
