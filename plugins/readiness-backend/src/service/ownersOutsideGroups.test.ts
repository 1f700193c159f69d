import { Entity } from '@backstage/catalog-model';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

describe.each(databases.eachSupportedId())(
  'entities counted in no group, on %s',
  id => {
    it('are reported by owner after a full run, kept while nothing changes, and gone once their owner is a group', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });

      const first = await computation.runFull();
      expect(first.ownersOutsideGroups).toEqual({
        entities: 0,
        ownersTotal: 0,
        owners: [],
      });

      edit.add(service('legacy-a', 'old-team'));
      edit.add(service('legacy-b', 'old-team'));
      edit.add(service('side-project', 'user:default/alice'));
      const found = await computation.runFull();
      expect(found.ownersOutsideGroups).toEqual({
        entities: 3,
        ownersTotal: 2,
        owners: [
          {
            owner: 'group:default/old-team',
            reason: 'not-in-catalog',
            entities: 2,
          },
          {
            owner: 'user:default/alice',
            reason: 'not-a-group',
            entities: 1,
          },
        ],
      });

      // A run that changes nothing keeps the rollups and the report.
      const unchanged = await computation.runFull();
      expect(unchanged.rollupsKept).toBe(true);
      expect(unchanged.ownersOutsideGroups).toEqual(found.ownersOutsideGroups);

      // Writes between full runs (the freshness pass's, another
      // instance's) move stored scorecards and the rollups with them; a run
      // that then keeps the rollups counts the owners again from the store.
      await knex('readiness_scorecards')
        .where({ entity_ref: 'component:default/search' })
        .update({ owner_ref: 'group:default/old-team' });
      const recounted = await computation.runFull();
      expect(recounted.rollupsKept).toBe(true);
      expect(recounted.ownersOutsideGroups?.owners[0]).toEqual({
        owner: 'group:default/old-team',
        reason: 'not-in-catalog',
        entities: 3,
      });
      await knex('readiness_scorecards')
        .where({ entity_ref: 'component:default/search' })
        .update({ owner_ref: 'group:default/team-b' });
      edit.remove('Component', 'legacy-a');
      edit.remove('Component', 'legacy-b');
      edit.remove('Component', 'side-project');
      edit.add(service('legacy-a', 'team-b'));
      const fixed = await computation.runFull();
      expect(fixed.ownersOutsideGroups?.entities).toBe(0);
      const teamB = (await store.getRollups(['group:default/team-b'])).get(
        'group:default/team-b',
      )!;
      expect(teamB.aggregate.entities).toBe(2);
    });
  },
);
