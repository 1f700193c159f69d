import { CatalogService } from '@backstage/plugin-catalog-node';
import { CampaignInput } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { componentScorecard } from '../../__testUtils__/scorecards';
import { storeOn } from '../../__testUtils__/computation';
import {
  campaignServiceOn,
  pendingOf,
  storeSilverCampaign,
} from '../../__testUtils__/campaigns';
import { ReadinessStore } from '../../database/ReadinessStore';
import { CampaignService } from './CampaignService';
import { toScorecardRow } from '../scorecardRow';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Three services at silver. */
async function storeScorecards(store: ReadinessStore) {
  await store.transaction(tx =>
    store.putScorecards(
      tx,
      ['a', 'b', 'c'].map(name =>
        toScorecardRow(
          componentScorecard(`component:default/${name}`, {
            level: 'silver',
            score: 80,
          }),
          'e1',
        ),
      ),
    ),
  );
}

/** Creates a portal campaign as the campaign routes save it: its progress pending. */
function create(
  service: CampaignService,
  store: ReadinessStore,
  id: string,
  input: Omit<CampaignInput, 'version'>,
) {
  return service.writeDefinition(tx =>
    store.campaigns.definitions.writeCampaign(
      tx,
      id,
      input,
      'user:default/admin',
      0,
      '2026-12-01',
      { create: true },
    ),
  );
}

/*
 * The campaign progress task runs every minute on one instance: with
 * nothing pending it must not hold up writes, and one campaign it cannot
 * compute must not hold back the others.
 */
describe.each(databases.eachSupportedId())(
  'the campaign progress task, on %p',
  id => {
    it('takes no lock when no campaign is pending', async () => {
      const store = await storeOn(await databases.init(id));
      await storeScorecards(store);
      await storeSilverCampaign(store);
      const lock = jest.spyOn(store.campaigns.progress, 'lock');

      await campaignServiceOn(store).computePending();
      expect(lock).not.toHaveBeenCalled();
    });

    it('computes the campaigns that need no catalog when it cannot answer for the tags of others', async () => {
      const store = await storeOn(await databases.init(id));
      await storeScorecards(store);
      const catalog = {
        getEntitiesByRefs: async () => {
          throw new Error('catalog unreachable');
        },
      } as unknown as CatalogService;
      const service = campaignServiceOn(store, { catalog });
      const target = { level: 'silver' };
      const deadline = '2099-01-01';
      await create(service, store, 'pci', {
        title: 'Silver for PCI',
        filter: { tags: ['pci'] },
        target,
        deadline,
      });
      await create(service, store, 'all', {
        title: 'Silver for all',
        filter: {},
        target,
        deadline,
      });

      await expect(service.computePending()).rejects.toThrow(
        'catalog unreachable',
      );
      expect(await pendingOf(store, 'all')).toBe(false);
      expect(await pendingOf(store, 'pci')).toBe(true);
      const [all] = await service.summaries([(await service.get('all'))!]);
      expect(all.progress).toEqual({ total: 3, done: 3, overdue: 0 });
    });
  },
);
