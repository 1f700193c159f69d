import { mockCredentials } from '@backstage/backend-test-utils';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { RUN_WRITING_STATE } from './lastRunState';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NEWBIE = 'component:default/newbie';
const TEAM_A = 'group:default/team-a';

describe.each(databases.eachSupportedId())(
  'an entity that joins the catalog during a full run, on %s',
  id => {
    it('keeps the scorecard a write gave it after the first pass, and is counted', async () => {
      const store = await storeOn(await databases.init(id));
      const edit = editableCatalog(smallOrg());
      const computation = testComputation({ store, catalog: edit.catalog });
      await computation.runFull();
      const teamBefore = (await store.getRollups([TEAM_A])).get(TEAM_A)!;

      // Once the run has read the catalog, the entity is registered and
      // scored (by a write or the freshness pass, here on this instance).
      const setState = store.setState.bind(store);
      let joined = false;
      jest
        .spyOn(store, 'setState')
        .mockImplementation(async (key, value, tx) => {
          if (key === RUN_WRITING_STATE && value && !joined) {
            joined = true;
            edit.add({
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'newbie', namespace: 'default' },
              spec: {
                type: 'service',
                lifecycle: 'production',
                owner: 'team-a',
              },
            });
            await computation.recompute(
              (await edit.catalog.getEntityByRef(NEWBIE, {
                credentials: mockCredentials.none(),
              }))!,
            );
          }
          return setState(key, value, tx);
        });
      const state = await computation.runFull();

      expect(joined).toBe(true);
      expect(state.removed).toBe(0);
      expect((await store.getScorecardEtags([NEWBIE])).has(NEWBIE)).toBe(true);
      const team = (await store.getRollups([TEAM_A])).get(TEAM_A)!;
      expect(team.aggregate.entities).toBe(teamBefore.aggregate.entities + 1);

      // Removed from the catalog, it goes at the next run.
      edit.remove('Component', 'newbie');
      const next = await computation.runFull();
      expect(next.removed).toBe(1);
      expect((await store.getScorecardEtags([NEWBIE])).has(NEWBIE)).toBe(false);
    });
  },
);
