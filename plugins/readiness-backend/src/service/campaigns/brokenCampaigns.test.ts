import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  campaignServiceOn,
  silverFromConfig,
} from '../../__testUtils__/campaigns';
import { smallOrg } from '../../__testUtils__/entities';
import { storeOn } from '../../__testUtils__/computation';
import { createTestDatabases } from '../../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'a campaign the organisation changed under, on %s',
  id => {
    it('is reported when progress is computed again', async () => {
      const store = await storeOn(await databases.init(id));
      // Written when the model had a platinum level; the model now has
      // bronze and silver (see campaignServiceOn).
      await store.transaction(tx =>
        store.campaigns.definitions.writeCampaign(
          tx,
          'platinum-push',
          {
            title: 'Platinum push',
            filter: {},
            target: { level: 'platinum' },
            startDate: '2026-11-01',
            deadline: '2027-03-01',
          },
          'user:default/carol',
          0,
          '2026-11-01',
          { create: true },
        ),
      );
      const warnings: string[] = [];
      const service = campaignServiceOn(store, {
        logger: { warn: message => warnings.push(message) },
      });
      await service.recomputeAll();
      expect(warnings).toEqual([
        "Readiness campaign 'platinum-push' cannot be reached: target.level: 'platinum' is not a level of the readiness model; its owners are not told of it until its target is changed",
      ]);
    });

    it('is reported when it filters on a group the catalog no longer has', async () => {
      const store = await storeOn(await databases.init(id));
      const warnings: string[] = [];
      const service = campaignServiceOn(store, {
        fromConfig: [
          {
            ...silverFromConfig,
            filter: {
              owners: ['group:default/team-a', 'group:default/disbanded'],
            },
          },
        ],
        catalog: catalogServiceMock({ entities: smallOrg() }),
        logger: { warn: message => warnings.push(message) },
      });
      await service.recomputeAll();
      expect(warnings).toEqual([
        "Readiness campaign 'silver' filters on group:default/disbanded, which the catalog no longer has: no entity is asked through it",
      ]);
    });
  },
);
