import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { annotated, smallOrg, withRelations } from '../__testUtils__/entities';
import { base, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const cart = `${base}/entities/component/default/cart`;
/** The groups below acme, the department above every team. */
const BELOW_ACME = [
  'group:default/eng',
  'group:default/team-a',
  'group:default/team-b',
  'group:default/empty-team',
];

/** smallOrg, with the cart owned by acme. */
function departmentOwnsCart(entities = smallOrg()): Entity[] {
  return entities.map(e =>
    e.metadata.name === 'cart'
      ? { ...e, spec: { ...e.spec, owner: 'group:default/acme' } }
      : e,
  );
}

/** The in-memory catalog, recording every ref asked for by ref. */
function recordingCatalog(entities: Entity[]) {
  const inner = catalogServiceMock({ entities });
  const asked: string[] = [];
  const catalog = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (prop !== 'getEntitiesByRefs') return value.bind(target);
      return (request: { entityRefs: string[] }, ...rest: unknown[]) => {
        asked.push(...request.entityRefs);
        return value.call(target, request, ...rest);
      };
    },
  }) as CatalogService;
  return {
    asked,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}

async function setup(
  id: Parameters<typeof databases.init>[0],
  entities: Entity[],
) {
  const catalog = recordingCatalog(entities);
  const { api } = await startBackend({
    knex: await databases.init(id),
    entities,
    catalog: catalog.factory,
  });
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  catalog.asked.length = 0;
  /** Assigns the cart's cto role to `holders` as carol; the answer's body. */
  const assignCto = async (holders: string[]) =>
    (
      await api
        .put(`${cart}/roles/cto`)
        .set('Authorization', carol)
        .send({ holders, version: 0 })
        .expect(200)
    ).body;
  return { api, asked: catalog.asked, assignCto };
}

const roleOf = (body: any, roleId: string) =>
  body.scorecard.roles.find((r: { roleId: string }) => r.roleId === roleId);

/*
 * Scoring one entity (a write, the first read of its detail) looks up its
 * owner, dependencies and role holders in the catalog. Only a holder's
 * members count (role health: an empty group, a group of one person), so
 * only a holder's sub-teams are read: an entity owned by a department
 * with thousands of teams below it does not read them all on every write.
 */
describe.each(databases.eachSupportedId())(
  'the groups one entity looks up, on %s',
  id => {
    it('reads no team below the department that owns it, on a write and on its first read', async () => {
      const { api, asked, assignCto } = await setup(id, departmentOwnsCart());

      const written = await assignCto(['user:default/alice']);
      expect(roleOf(written, 'cto').problems).toEqual([]);
      expect(asked).toContain('group:default/acme');
      expect(asked.filter(ref => BELOW_ACME.includes(ref))).toEqual([]);

      // A run stores the basis the first read asks for ahead.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      asked.length = 0;
      await api.get(cart).set('Authorization', carol).expect(200);
      expect(asked).toContain('group:default/acme');
      expect(asked.filter(ref => BELOW_ACME.includes(ref))).toEqual([]);
    });

    it('reads the teams below a department that holds one of its roles: their people are its members', async () => {
      const { asked, assignCto } = await setup(id, departmentOwnsCart());

      const written = await assignCto(['group:default/acme']);
      // acme has no member of its own: without its teams it would be empty.
      expect(roleOf(written, 'cto').problems).toEqual([]);
      expect(asked).toEqual(expect.arrayContaining(BELOW_ACME));
    });

    it('reads no team below a department that holds a role with two people of its own: it is a team of several either way', async () => {
      const leader = (name: string): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name, namespace: 'default' },
        spec: { memberOf: ['acme'] },
      });
      const entities = withRelations([
        ...departmentOwnsCart(),
        leader('dana'),
        leader('eve'),
      ]);
      const { api, asked, assignCto } = await setup(id, entities);

      const written = await assignCto(['group:default/acme']);
      expect(roleOf(written, 'cto').problems).toEqual([]);
      expect(asked).toContain('group:default/acme');
      expect(asked.filter(ref => BELOW_ACME.includes(ref))).toEqual([]);
      // Its detail, read later, tells the same.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const { body } = await api
        .get(cart)
        .set('Authorization', carol)
        .expect(200);
      expect(roleOf(body, 'cto')).toMatchObject({
        holders: ['group:default/acme'],
        problems: [],
      });
    });

    it('reads the teams below the owner when it holds a role its annotations name', async () => {
      const entities = annotated(
        departmentOwnsCart(),
        e => e.metadata.name === 'cart',
        { 'prodready.dev/role.architect': 'group:default/acme' },
      );
      const { api, asked } = await setup(id, entities);

      const { body } = await api
        .get(cart)
        .set('Authorization', carol)
        .expect(200);
      expect(roleOf(body, 'architect')).toMatchObject({
        holders: ['group:default/acme'],
        problems: [],
      });
      expect(asked).toEqual(expect.arrayContaining(BELOW_ACME));
    });

    it('reads the teams below a team already read as the owner, when a department above holds a role', async () => {
      // eng owns the cart and is read first; acme, above it, holds the role.
      const entities = departmentOwnsCart().map(e =>
        e.metadata.name === 'cart'
          ? { ...e, spec: { ...e.spec, owner: 'group:default/eng' } }
          : e,
      );
      const { asked, assignCto } = await setup(id, entities);

      const written = await assignCto(['group:default/acme']);
      expect(roleOf(written, 'cto').problems).toEqual([]);
      expect(asked).toEqual(
        expect.arrayContaining([
          'group:default/team-a',
          'group:default/team-b',
        ]),
      );
    });
  },
);
