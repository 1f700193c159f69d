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

describe.each(databases.eachSupportedId())(
  'the burn-up line of a campaign computation, on %s',
  id => {
    it('is the day its counts are taken, when it began the day before', async () => {
      const store = await storeOn(await databases.init(id));
      await store.transaction(tx =>
        store.putScorecards(tx, [
          toScorecardRow(
            componentScorecard(CART, { level: 'bronze', score: 40 }),
            'e1',
          ),
        ]),
      );
      let now = new Date('2026-12-01T23:58:00Z');
      const silver: Campaign = silverFromConfig;
      const service = campaignServiceOn(store, {
        fromConfig: [silver],
        now: () => now,
      });
      // Midnight passes while its pages are read, before it counts them.
      const count = store.campaigns.progress.countRowsByOwner.bind(
        store.campaigns.progress,
      );
      jest
        .spyOn(store.campaigns.progress, 'countRowsByOwner')
        .mockImplementation(async (...args) => {
          now = new Date('2026-12-02T00:03:00Z');
          return count(...args);
        });
      await service.recomputeAll();
      const history = await store.campaigns.progress.getHistory('silver');
      expect(history.map(h => h.day)).toEqual(['2026-12-02']);
    });
  },
);
