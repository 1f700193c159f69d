import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Rollup } from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { gate, settledWithin } from '../__testUtils__/races';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SEARCH = 'component:default/search';
const TEAM_C = 'group:default/team-c';
const TEAM_A = 'group:default/team-a';
const CART = 'component:default/cart';
const SHOP = 'system:default/shop';
const ANCESTORS = [TEAM_C, 'group:default/eng', 'group:default/acme'];

const compared = (rollups: Map<string, Rollup>) =>
  ANCESTORS.map(ref => {
    const { score, aggregate } = rollups.get(ref)!;
    return { ref, score, aggregate };
  });

/*
 * A full run creates the rollup of a group new in the catalog when it
 * rebuilds the rollups. A write to an entity that group owns, landing while
 * the rebuild has read the members but not yet stored the new rollup, finds
 * no row to move: unless it waits for the rebuild, its change is counted
 * neither by the rebuild (which read the entity's scorecard before) nor by
 * the write, and the group and its ancestors stay stale until the rollups
 * are rebuilt again.
 */
describe.each(databases.eachSupportedId())(
  'a write while a full run creates the rollup of its owner, %p',
  id => {
    /** After a full run, search moves to team-c, new in the catalog. */
    async function setup() {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });
      await computation.runFull();
      edit.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-c', namespace: 'default' },
        spec: { type: 'team', parent: 'eng', children: [] },
      });
      edit.edit('Component', 'search', e => {
        e.spec!.owner = 'team-c';
      });
      return { store, edit, computation };
    }

    it('moves the new rollup and its ancestors', async () => {
      const { store, edit, computation } = await setup();

      // The rebuild has read every member and holds its locks.
      const rebuilding = gate();
      const stream = store.streamRollupMembers.bind(store);
      jest
        .spyOn(store, 'streamRollupMembers')
        .mockImplementation(async function* hold(tx, pageSize) {
          yield* stream(tx, pageSize);
          rebuilding.reach();
          await rebuilding.opened;
        });
      const running = computation.runFull();
      await rebuilding.arrived;

      edit.edit('Component', 'search', meetRunbooks);
      const search = (await edit.catalog.getEntityByRef(SEARCH, {
        credentials: mockCredentials.none(),
      })) as Entity;
      const writing = computation.recomputeMany([search]);
      await new Promise(resolve => setTimeout(resolve, 500));
      rebuilding.open();
      expect((await running).error).toBeUndefined();
      await writing;
      jest.restoreAllMocks();

      const scored = (await store.getScorecard(SEARCH))!;
      expect(scored.checks['support.runbooks']).toBe('met');
      const afterRace = await store.getRollups(ANCESTORS);
      expect(afterRace.get(TEAM_C)!.score).toBe(scored.member.score);

      // A rebuild from every stored member (an unrelated edit makes the next
      // full run rebuild) finds nothing to correct.
      edit.edit('Component', 'cart', e => {
        e.metadata.description = 'The cart';
      });
      expect((await computation.runFull()).error).toBeUndefined();
      expect(compared(afterRace)).toEqual(
        compared(await store.getRollups(ANCESTORS)),
      );
    });

    it('a write that read the tree again, holding rollup rows, does not take the creation lock', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });
      await computation.runFull();
      edit.edit('Component', 'cart', meetRunbooks);
      const cart = (await edit.catalog.getEntityByRef(CART, {
        credentials: mockCredentials.none(),
      })) as Entity;

      // The tree changes between the write's read of it and its locks
      // (team-a left the catalog, as a rebuild committing then would say),
      // so the write reads the tree again holding the rows it locked; held
      // there. (Changed in the write's own transaction: SQLite runs one at
      // a time.)
      const holding = gate();
      const lockRows = store.getRollups.bind(store);
      let first = true;
      jest
        .spyOn(store, 'getRollups')
        .mockImplementation(async (refs, tx, forUpdate) => {
          if (!forUpdate || !first) return lockRows(refs, tx, forUpdate);
          first = false;
          await store.deleteRollups(tx!, [TEAM_A]);
          const locked = await lockRows(refs, tx, forUpdate);
          holding.reach();
          await holding.opened;
          return locked;
        });
      const writing = computation.recomputeMany([cart]);
      await holding.arrived;
      // Another writer holds the creation lock and wants the System's row.
      const other = store.transaction(async tx => {
        await store.lockRollupCreation(tx);
        await lockRows([SHOP], tx, true);
      });
      await settledWithin(other, 300);
      holding.open();

      await expect(writing).resolves.toBeDefined();
      await expect(other).resolves.toBeUndefined();
    });

    it('waiting for the creation lock holds off a rebuild, and neither waits on the other in a cycle', async () => {
      const { store, edit, computation } = await setup();
      const search = (await edit.catalog.getEntityByRef(SEARCH, {
        credentials: mockCredentials.none(),
      })) as Entity;

      // The write moves to a group with no rollup: it holds the creation
      // lock and has not locked its System's rollup yet.
      const holding = gate();
      const lockCreation = store.lockRollupCreation.bind(store);
      jest.spyOn(store, 'lockRollupCreation').mockImplementation(async tx => {
        await lockCreation(tx);
        holding.reach();
        await holding.opened;
      });
      const writing = computation.recomputeMany([search]);
      await holding.arrived;
      // A rebuild starts locking the rollups.
      const rebuilding = store.transaction(tx => store.lockRollups(tx));
      const rebuildWaits = !(await settledWithin(rebuilding, 500));
      holding.open();

      await expect(writing).resolves.toBeDefined();
      await expect(rebuilding).resolves.toBeDefined();
      expect(rebuildWaits).toBe(true);
    });
  },
);
