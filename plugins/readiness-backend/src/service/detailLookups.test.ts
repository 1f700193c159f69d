import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { detailOfUnchanged } from './scorecardDetail';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const cart = 'component:default/cart';

/**
 * smallOrg after a full run, with bob holding cart's `cto` role in the
 * portal (cart's body names team-a and alice, not bob). `catalog` hands the
 * backend the catalog's lookups, noting each request's refs.
 */
async function setup(id: TestDatabaseId) {
  const store = await storeOn(await databases.init(id));
  const edit = editableCatalog(smallOrg());
  const requests: string[][] = [];
  const catalog = new Proxy(edit.catalog, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== 'getEntitiesByRefs') return value;
      return (...args: Parameters<CatalogService['getEntitiesByRefs']>) => {
        requests.push(args[0].entityRefs);
        return value.apply(target, args);
      };
    },
  });
  const deps = {
    engine: defaultEngine(),
    store,
    catalog,
    auth: mockServices.auth(),
  };
  const computation = testComputation({
    ...deps,
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  await store.transaction(tx =>
    store.putRole(tx, cart, 'cto', ['user:default/bob'], 'user:default/bob', 0),
  );
  await computation.runFull();
  const stored = (await store.getScorecard(cart))!;
  expect(stored.detailJson).toBeFalsy();
  requests.length = 0;
  return { store, requests, deps: { ...deps, computation } };
}

describe.each(databases.eachSupportedId())(
  "an entity's first read with the etag it was scored from, on %s",
  id => {
    it('asks the catalog for the lookups without waiting for the stored inputs', async () => {
      const t = await setup(id);
      const recompute = jest.spyOn(t.deps.computation, 'recompute');
      // The stored roles come only once the catalog was asked, or after a
      // second: a read that waits for them before asking comes too late.
      const getRoles = t.store.getRoles;
      let late = false;
      jest.spyOn(t.store, 'getRoles').mockImplementation(async (...args) => {
        for (let i = 0; i < 100 && t.requests.length === 0; i++) {
          await new Promise(r => setTimeout(r, 10));
        }
        late = t.requests.length === 0;
        return getRoles(...args);
      });

      const stored = (await t.store.getScorecard(cart))!;
      const scorecard = await detailOfUnchanged(t.deps, stored);
      expect(late).toBe(false);
      // Built from the stored inputs, as the full run scored it: bob, known
      // only from the stored role, was looked up too (else he would show
      // as gone, the scorecard would differ and cart would be recomputed).
      expect(recompute).not.toHaveBeenCalled();
      const cto = scorecard!.roles.find(r => r.roleId === 'cto');
      expect(cto).toMatchObject({
        holders: ['user:default/bob'],
        problems: [],
      });
      // Bob in a request of his own, beside the first: the entity, its
      // System and what its body names.
      expect(t.requests[0]).toEqual(expect.arrayContaining([cart]));
      expect(t.requests[0]).not.toContain('user:default/bob');
      expect(t.requests.flat()).toContain('user:default/bob');
    });

    it('does not ask again for a portal holder the body names too', async () => {
      const t = await setup(id);
      await t.store.transaction(tx =>
        t.store.putRole(
          tx,
          cart,
          'cto',
          ['user:default/alice'],
          'user:default/bob',
          1,
        ),
      );
      await t.deps.computation.runFull();
      t.requests.length = 0;

      const stored = (await t.store.getScorecard(cart))!;
      const scorecard = await detailOfUnchanged(t.deps, stored);
      const cto = scorecard!.roles.find(r => r.roleId === 'cto');
      expect(cto).toMatchObject({ holders: ['user:default/alice'] });
      // alice, cart's annotated dba, is read once, in the first request.
      const asked = t.requests.flat();
      expect(asked.filter(ref => ref === 'user:default/alice')).toHaveLength(1);
      expect(t.requests[0]).toContain('user:default/alice');
    });

    it('reads nothing ahead for a scorecard stored without the refs its body gave', async () => {
      const t = await setup(id);
      const getRoles = jest.spyOn(t.store, 'getRoles');
      const stored = (await t.store.getScorecard(cart))!;
      const { inputBasis, ...withoutBasis } = stored;
      expect(inputBasis).toBeDefined();
      await expect(
        detailOfUnchanged(t.deps, withoutBasis),
      ).resolves.toBeUndefined();
      // The usual read asks for the stored inputs; asked here, they would
      // be asked for twice.
      expect(getRoles).not.toHaveBeenCalled();
      expect(t.requests).toEqual([]);
    });

    it('goes on as usual when the stored inputs cannot be read', async () => {
      const t = await setup(id);
      jest
        .spyOn(t.store, 'getRoles')
        .mockRejectedValue(new Error('connection lost'));
      const stored = (await t.store.getScorecard(cart))!;
      await expect(detailOfUnchanged(t.deps, stored)).resolves.toBeUndefined();
    });
  },
);
