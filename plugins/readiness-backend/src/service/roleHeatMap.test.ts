import { Entity } from '@backstage/catalog-model';
import { alice, base, carol, startBackend } from '../__testUtils__/testBackend';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { demoOrganisation } from '../__testUtils__/demoOrganisation';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * The role heat map reads per-role counts from the rollups: they must come
 * out of a full run and follow a write, rolled up to ancestors like the
 * scores. smallOrg: acme → eng → team-a (alice) / team-b (bob) / empty-team;
 * nobody sits in eng itself.
 */

/** smallOrg, with `search` holding every role through eng (people only in sub-teams). */
function org(): Entity[] {
  const extra: Entity[] = [
    // A department owning nothing, whose one person sits in a sub-team.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'department', children: ['sre-team'] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'sre-team', namespace: 'default' },
      spec: { type: 'team', parent: 'platform', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'dana', namespace: 'default' },
      spec: { memberOf: ['sre-team'] },
    },
  ];
  const annotated = smallOrg().map(e =>
    e.metadata.name === 'search'
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: Object.fromEntries(
              [
                'cto',
                'security',
                'architect',
                'devops-lead',
                'product-manager',
                'developer',
                'sysadmin',
                'change-manager',
                'test-manager',
                'problem-manager',
              ].map(id => [`prodready.dev/role.${id}`, 'group:default/eng']),
            ),
          },
        }
      : e,
  );
  return withRelations([...annotated, ...extra]);
}

describe.each(databases.eachSupportedId())('role heat map counts on %s', id => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];

  beforeEach(async () => {
    const knex = await databases.init(id);
    ({ api } = await startBackend({ knex, entities: org() }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  const gapsOf = async (kind: string, name: string) => {
    const res = await api
      .get(`${base}/rollups?by=${kind}&limit=100`)
      .set('Authorization', alice)
      .expect(200);
    const rollup = res.body.items.find(
      (r: any) => r.ref === `${kind}:default/${name}`,
    );
    return rollup.aggregate.roleGaps ?? {};
  };

  it('counts, after a full run, the entities with a role unassigned, up to the root', async () => {
    // team-a: cart and checkout (components) and shop (the System), nobody
    // assigned; team-b: search, every role held by eng, which is not empty.
    const teamA = await gapsOf('group', 'team-a');
    expect(teamA.cto).toEqual({ unassigned: 3, holderGone: 0 });
    const teamB = await gapsOf('group', 'team-b');
    expect(teamB).toEqual({});
    // Rolled up: eng and acme count what team-a and team-b count.
    expect(await gapsOf('group', 'eng')).toEqual(teamA);
    expect(await gapsOf('group', 'acme')).toEqual(teamA);
    expect((await gapsOf('system', 'shop')).cto).toEqual({
      unassigned: 3,
      holderGone: 0,
    });
    // No personal data held: no Data Controller needed.
    expect(teamA['data-controller']).toBeUndefined();
  });

  it('moves the counts of the entity and its ancestors on a write', async () => {
    await api
      .put(`${base}/entities/component/default/cart/roles/cto`)
      .set('Authorization', alice)
      .send({ holders: ['user:default/someone-who-left'], version: 0 })
      .expect(400);
    // A holder who left the catalog cannot be assigned, but one who leaves
    // after being assigned shows as gone: an empty group stands for that here.
    await api
      .put(`${base}/entities/component/default/cart/roles/cto`)
      .set('Authorization', alice)
      .send({ holders: ['group:default/empty-team'], version: 0 })
      .expect(200);
    const expected = { unassigned: 2, holderGone: 1 };
    expect((await gapsOf('group', 'team-a')).cto).toEqual(expected);
    expect((await gapsOf('group', 'acme')).cto).toEqual(expected);
    expect((await gapsOf('system', 'shop')).cto).toEqual(expected);

    // The next full run finds the same.
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    expect((await gapsOf('group', 'acme')).cto).toEqual(expected);
  });

  it('reads the sub-teams of a group assigned in a write, so a department is not empty', async () => {
    const res = await api
      .put(`${base}/entities/component/default/cart/roles/cto`)
      .set('Authorization', alice)
      .send({ holders: ['group:default/platform'], version: 0 })
      .expect(200);
    const cto = res.body.scorecard.roles.find((r: any) => r.roleId === 'cto');
    expect(cto.problems).toEqual([]);
    expect((await gapsOf('group', 'team-a')).cto).toEqual({
      unassigned: 2,
      holderGone: 0,
    });
  });
});

describe('the demo organisation in the role heat map', () => {
  it('shows gaps that differ by team and role, Data Controllers where personal data is held', async () => {
    const { api } = await startBackend({ entities: demoOrganisation() });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const res = await api
      .get(`${base}/rollups?by=group&limit=100`)
      .set('Authorization', alice)
      .expect(200);
    const byRef = new Map<string, any>(
      res.body.items.map((r: any) => [r.ref, r.aggregate.roleGaps ?? {}]),
    );
    const root = byRef.get('group:default/acme');
    // Two entities tagged personal-data have no Data Controller: the cart
    // (Checkout) and the search API (Search); the other tagged ones have one.
    expect(root['data-controller']).toEqual({ unassigned: 2, holderGone: 0 });
    for (const team of ['checkout-team', 'search-team']) {
      expect(byRef.get(`group:default/${team}`)['data-controller']).toEqual({
        unassigned: 1,
        holderGone: 0,
      });
    }
    // Someone who left still holds a role somewhere.
    expect(Object.values<any>(root).some(gaps => gaps.holderGone > 0)).toBe(
      true,
    );
    // Not every team misses the same roles.
    const shapes = new Set(
      [...byRef.values()].map(gaps => JSON.stringify(gaps)),
    );
    expect(shapes.size).toBeGreaterThan(3);
  });
});
