import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Rollup } from '@prodready/plugin-readiness-common';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { gate } from '../__testUtils__/races';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const ANCESTORS = [
  'group:default/team-a',
  'group:default/eng',
  'group:default/acme',
  'system:default/shop',
];

const compared = (rollups: Map<string, Rollup>) =>
  ANCESTORS.map(ref => {
    const { score, aggregate } = rollups.get(ref)!;
    return { ref, score, aggregate };
  });

/*
 * An entity the run's first pass did not find (gone from the catalog a
 * moment) is left out of the rebuilt rollups and its scorecard deleted. A
 * write to it that holds its stored scorecard while it waits for the
 * rollups the rebuild holds (the entity back in the catalog, its answer
 * saved) then moves the rebuilt rollups from an old scorecard they never
 * counted, and the rebuild's delete removed the scorecard it stored.
 */
describe.each(databases.eachSupportedId())(
  'a write to an entity the rebuild finds gone, %p',
  id => {
    it('keeps the rollups and its scorecard right', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });
      expect((await computation.runFull()).error).toBeUndefined();
      const cart = (await edit.catalog.getEntityByRef(CART, {
        credentials: mockCredentials.none(),
      })) as Entity;
      edit.remove('Component', 'cart');

      // The rebuild holds every rollup row.
      const rebuilding = gate();
      const lockRollups = store.lockRollups.bind(store);
      jest.spyOn(store, 'lockRollups').mockImplementation(async tx => {
        const rollups = await lockRollups(tx);
        rebuilding.reach();
        await rebuilding.opened;
        return rollups;
      });
      const running = computation.runFull();
      await rebuilding.arrived;

      // Back in the catalog, answered: the write rescores it.
      const answered: Entity = structuredClone(cart);
      meetRunbooks(answered);
      edit.add(answered);
      const writing = computation.recomputeMany([
        (await edit.catalog.getEntityByRef(CART, {
          credentials: mockCredentials.none(),
        })) as Entity,
      ]);
      await new Promise(resolve => setTimeout(resolve, 500));
      rebuilding.open();
      expect((await running).error).toBeUndefined();
      await writing;
      jest.restoreAllMocks();

      const scored = await store.getScorecard(CART);
      expect(scored?.checks['support.runbooks']).toBe('met');
      const afterRace = await store.getRollups(ANCESTORS);

      // A rebuild from every stored member finds nothing to correct.
      edit.edit('Component', 'checkout', e => {
        e.metadata.description = 'The checkout';
      });
      expect((await computation.runFull()).error).toBeUndefined();
      expect(compared(afterRace)).toEqual(
        compared(await store.getRollups(ANCESTORS)),
      );
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the rebuild after the model stops scoring a kind, %p',
  id => {
    it("deletes that kind's scorecards, though its entities are still in the catalog", async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      const engine = defaultEngine();
      const computation = testComputation({
        store,
        engine,
        catalog: edit.catalog,
      });
      expect((await computation.runFull()).error).toBeUndefined();
      expect(await store.getScorecard('system:default/shop')).toBeDefined();

      const appliesTo = engine.appliesTo.bind(engine);
      jest
        .spyOn(engine, 'appliesTo')
        .mockImplementation(
          kind => kind.toLowerCase() !== 'system' && appliesTo(kind),
        );
      expect((await computation.runFull()).error).toBeUndefined();
      jest.restoreAllMocks();

      expect(await store.getScorecard('system:default/shop')).toBeUndefined();
      expect(await store.getScorecard(CART)).toBeDefined();
    });
  },
);
