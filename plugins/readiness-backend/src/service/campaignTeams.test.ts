import { Entity } from '@backstage/catalog-model';
import { BRONZE_FOR_ALL } from '../__testUtils__/campaigns';
import { createTestDatabases } from '../__testUtils__/databases';
import { withRelations } from '../__testUtils__/entities';
import { base, carol, dave, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * An organisation whose campaign has more teams than a page: `org` above
 * two departments of 60 teams each, every team owning one component, and a
 * group `orphans` whose parent is not in the catalog, owning one too.
 */
function wideOrg(): Entity[] {
  const group = (name: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
  });
  const component = (name: string, owner: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  });
  const entities = [group('org'), group('orphans', 'gone')];
  entities.push(component('orphan-svc', 'orphans'));
  for (const department of ['dept-a', 'dept-b']) {
    entities.push(group(department, 'org'));
    for (let i = 0; i < 60; i++) {
      const team = `${department}-team-${String(i).padStart(2, '0')}`;
      entities.push(group(team, department), component(`${team}-svc`, team));
    }
  }
  return withRelations(entities);
}

describe.each(databases.eachSupportedId())('a campaign’s teams on %s', id => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  const url = `${base}/campaigns/${BRONZE_FOR_ALL.id}/groups`;
  const teams = (query: object, who = carol) =>
    api.get(url).query(query).set('Authorization', who);

  beforeAll(async () => {
    ({ api } = await startBackend({
      knex: await databases.init(id),
      entities: wideOrg(),
      config: { readiness: { campaigns: [BRONZE_FOR_ALL] } },
    }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  it('lists the top-level teams, each with how many sub-teams it has in the campaign', async () => {
    const top = await teams({}).expect(200);
    expect(top.body).toEqual({
      items: [
        expect.objectContaining({
          groupRef: 'group:default/org',
          total: 120,
          children: 2,
        }),
        expect.objectContaining({
          groupRef: 'group:default/orphans',
          total: 1,
          children: 0,
        }),
      ],
      totalCount: 2,
    });
    expect(top.body.items[0]).not.toHaveProperty('parent');
  });

  it('pages a team’s sub-teams in ref order, not every team of the campaign at once', async () => {
    const departments = await teams({ parent: 'group:default/org' }).expect(
      200,
    );
    expect(
      departments.body.items.map((t: any) => [t.groupRef, t.total, t.children]),
    ).toEqual([
      ['group:default/dept-a', 60, 60],
      ['group:default/dept-b', 60, 60],
    ]);

    const first = await teams({ parent: 'dept-b' }).expect(200);
    expect(first.body.totalCount).toBe(60);
    expect(first.body.items).toHaveLength(50);
    const rest = await teams({ parent: 'dept-b', offset: 50 }).expect(200);
    expect(rest.body.totalCount).toBe(60);
    const refs = [...first.body.items, ...rest.body.items].map(
      (t: any) => t.groupRef,
    );
    expect(refs).toEqual(
      Array.from(
        { length: 60 },
        (_, i) => `group:default/dept-b-team-${String(i).padStart(2, '0')}`,
      ),
    );
    expect(rest.body.items[0]).toEqual({
      groupRef: 'group:default/dept-b-team-50',
      parent: 'group:default/dept-b',
      total: 1,
      done: expect.any(Number),
      overdue: 0,
      children: 0,
    });

    const leaf = await teams({ parent: 'group:default/dept-b-team-01' }).expect(
      200,
    );
    expect(leaf.body).toEqual({ items: [], totalCount: 0 });
  });

  it('answers 404 for an unknown campaign, a 400 naming the field, and 403 to a caller who may not read', async () => {
    const unknown = await api
      .get(`${base}/campaigns/no-such-campaign/groups`)
      .set('Authorization', carol)
      .expect(404);
    expect(unknown.body.error.message).toMatch(/no-such-campaign/);
    for (const [query, field] of [
      [{ parent: 'user:default/alice' }, 'parent'],
      [{ limit: 501 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ depth: 2 }, 'depth'],
    ] as const) {
      const bad = await teams(query).expect(400);
      expect(bad.body.error.message).toContain(field);
    }
    await teams({}, dave).expect(403);
  });
});
