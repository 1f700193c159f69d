import { Campaign } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { componentScorecard } from '../../__testUtils__/scorecards';
import { storeOn } from '../../__testUtils__/computation';
import {
  campaignServiceOn,
  silverFromConfig,
} from '../../__testUtils__/campaigns';
import { toScorecardRow } from '../scorecardRow';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';

const silver = silverFromConfig;

describe.each(databases.eachSupportedId())(
  'campaigns of app-config during a rolling deploy on %s',
  id => {
    it('keep their burn-up history when an instance without them recomputes progress', async () => {
      const store = await storeOn(await databases.init(id));
      const serviceOf = (fromConfig: Campaign[], day: string) =>
        campaignServiceOn(store, {
          fromConfig,
          now: () => new Date(`${day}T12:00:00Z`),
        });
      await store.transaction(tx =>
        store.putScorecards(tx, [
          toScorecardRow(
            componentScorecard(CART, { level: 'bronze', score: 40 }),
            'e1',
          ),
        ]),
      );
      // The new configuration's instance, two days running.
      await serviceOf([silver], '2026-12-01').recomputeAll();
      await serviceOf([silver], '2026-12-02').recomputeAll();
      const history = await store.campaigns.progress.getHistory('silver');
      expect(history.map(h => h.day)).toEqual(['2026-12-01', '2026-12-02']);

      // An instance still on the old configuration runs its full run.
      await serviceOf([], '2026-12-02').recomputeAll();
      // The days recorded cannot be computed again: they stay.
      expect(await store.campaigns.progress.getHistory('silver')).toEqual(
        history,
      );
      // Its progress can: the next recomputation on the new configuration
      // brings it back.
      const current = serviceOf([silver], '2026-12-03');
      await current.recomputeAll();
      expect(
        (await store.campaigns.progress.getHistory('silver')).map(h => h.day),
      ).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
      const [listed] = await current.list();
      expect(listed.id).toBe('silver');
    });
  },
);
