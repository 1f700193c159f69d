import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * smallOrg (cart's dba is alice), a component owned by the user carol, and
 * twenty users no scorecard names.
 */
function org(): Entity[] {
  const user = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: ['team-b'] },
  });
  return [
    ...smallOrg().map(({ relations, ...e }) => e),
    user('carol'),
    ...Array.from({ length: 20 }, (_, i) => user(`idle-${i}`)),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'ledger', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'user:default/carol',
      },
    },
  ];
}

/** The catalog, noting every User entity it hands the backend, streamed or read by ref. */
function countingUsers(catalog: CatalogService) {
  const users: string[] = [];
  const note = (entities: (Entity | null | undefined)[]) => {
    for (const entity of entities) {
      if (entity?.kind.toLowerCase() === 'user')
        users.push(entityRefOf(entity));
    }
  };
  const counted = new Proxy(catalog, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'streamEntities') {
        return async function* stream(...args: unknown[]) {
          for await (const page of value.apply(target, args)) {
            note(page);
            yield page;
          }
        };
      }
      if (prop === 'getEntitiesByRefs') {
        return async (...args: unknown[]) => {
          const response = await value.apply(target, args);
          note(response.items);
          return response;
        };
      }
      return value;
    },
  });
  return { users, catalog: counted };
}

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const edit = editableCatalog(org());
  const counting = countingUsers(edit.catalog);
  const computation = testComputation({
    store,
    catalog: counting.catalog,
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  return { knex, store, edit, users: counting.users, computation };
}

async function storedRows(knex: Knex) {
  return knex('readiness_scorecards')
    .orderBy('entity_ref')
    .select('entity_ref', 'fingerprint', 'input_fingerprint');
}

describe.each(databases.eachSupportedId())(
  'the users a full run reads, on %s',
  id => {
    it('reads no user but those the scored entities name while nothing changed', async () => {
      const t = await setup(id);
      await t.computation.runFull();
      t.users.length = 0;
      expect(await t.computation.runFull()).toMatchObject({ rescored: 0 });
      // 23 users in the catalog: cart's dba and ledger's owner are read.
      expect([...t.users].sort()).toEqual([
        'user:default/alice',
        'user:default/carol',
      ]);
    });

    it('scores again, as from scratch, the entities whose owner or role holder left the catalog', async () => {
      const t = await setup(id);
      await t.store.transaction(tx =>
        t.store.putRole(
          tx,
          'component:default/search',
          'dba',
          ['user:default/bob'],
          'user:default/bob',
          0,
        ),
      );
      await t.computation.runFull();
      const before = await storedRows(t.knex);
      const problems = async (name: string) =>
        (await t.store.getScorecard(`component:default/${name}`))!.member
          .roleProblems;
      const cart = await problems('cart');
      const search = await problems('search');

      // An annotated role holder, a portal role holder, an owner.
      t.edit.remove('User', 'alice');
      t.edit.remove('User', 'bob');
      t.edit.remove('User', 'carol');
      await t.computation.runFull();
      expect(await problems('cart')).toBe(cart + 1);
      expect(await problems('search')).toBe(search + 1);
      const after = await storedRows(t.knex);
      const changed = after.filter(
        (row, i) => row.input_fingerprint !== before[i].input_fingerprint,
      );
      // With those whose owner team lost its member.
      expect(changed.map(r => r.entity_ref)).toEqual(
        expect.arrayContaining([
          'component:default/cart',
          'component:default/ledger',
          'component:default/search',
        ]),
      );

      await t.knex('readiness_scorecards').delete();
      await t.computation.runFull();
      expect(await storedRows(t.knex)).toEqual(after);
    });
  },
);
