import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
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

/** svc-0 … svc-4; the odd ones carry pci. */
const NAMES = ['svc-0', 'svc-1', 'svc-2', 'svc-3', 'svc-4'];
const entityOf = (name: string, i: number): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags: i % 2 ? ['pci'] : ['web'] },
  spec: { type: 'service', owner: 'team-a' },
});

/** The catalog, with every request for entities by ref it was sent. */
function recordingCatalog() {
  const inner = catalogServiceMock({ entities: NAMES.map(entityOf) });
  const byRefs: string[][] = [];
  const catalog = {
    ...inner,
    getEntitiesByRefs: async (
      ...args: Parameters<CatalogService['getEntitiesByRefs']>
    ) => {
      byRefs.push(args[0].entityRefs);
      return inner.getEntitiesByRefs(...args);
    },
  } as unknown as CatalogService;
  return { catalog, byRefs };
}

/*
 * A campaign that filters on catalog tags reads the tags of each page of
 * entities it computes, in one catalog request before the page's
 * transaction, never the tags of the whole organisation at once.
 */
describe.each(databases.eachSupportedId())(
  'the tags a campaign filters on, on %p',
  id => {
    async function setup(filter: { tags?: string[] }) {
      const store = await storeOn(await databases.init(id));
      await store.transaction(tx =>
        store.putScorecards(
          tx,
          NAMES.map(name => {
            const ref = `component:default/${name}`;
            return toScorecardRow(
              componentScorecard(ref, { level: 'silver', score: 80 }),
              'e1',
            );
          }),
        ),
      );
      const { catalog, byRefs } = recordingCatalog();
      const service = campaignServiceOn(store, {
        catalog,
        progressPageSize: 2,
      });
      await service.writeDefinition(tx =>
        store.campaigns.definitions.writeCampaign(
          tx,
          'pci-silver',
          {
            title: 'Silver for PCI',
            filter,
            target: { level: 'silver' },
            deadline: '2099-01-01',
          },
          'user:default/admin',
          0,
          '2026-12-01',
          { create: true },
        ),
      );
      // What the campaign progress task does once the definition is saved.
      await service.computePending();
      return { store, byRefs };
    }

    it('are read a page of entities at a time', async () => {
      const { store, byRefs } = await setup({ tags: ['pci'] });
      expect(byRefs).toEqual([
        ['component:default/svc-0', 'component:default/svc-1'],
        ['component:default/svc-2', 'component:default/svc-3'],
        ['component:default/svc-4'],
      ]);
      const rows = await store.campaigns.progress.listEntities('pci-silver', {
        limit: 10,
        offset: 0,
      });
      expect(rows.items.map(r => r.entityRef)).toEqual([
        'component:default/svc-1',
        'component:default/svc-3',
      ]);
      expect(
        (await store.campaigns.progress.getCounts(['pci-silver'])).get(
          'pci-silver',
        ),
      ).toEqual({ total: 2, done: 2 });
    });

    it('are not read when no campaign filters on them', async () => {
      const { store, byRefs } = await setup({});
      expect(byRefs).toEqual([]);
      expect(
        (await store.campaigns.progress.getCounts(['pci-silver'])).get(
          'pci-silver',
        ),
      ).toEqual({ total: 5, done: 5 });
    });

    it('that cannot be read hold back only the campaigns filtering on them, after a full run', async () => {
      const store = await storeOn(await databases.init(id));
      await store.transaction(tx =>
        store.putScorecards(
          tx,
          NAMES.map(name =>
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
      const warnings: string[] = [];
      const service = campaignServiceOn(store, {
        fromConfig: [
          silverFromConfig,
          { ...silverFromConfig, id: 'pci', filter: { tags: ['pci'] } },
        ],
        catalog: {
          getEntitiesByRefs: async () => {
            throw new Error('catalog unavailable');
          },
        } as unknown as CatalogService,
        logger: { warn: message => warnings.push(message) },
      });
      await service.recomputeAll();
      const counts = await store.campaigns.progress.getCounts([
        'silver',
        'pci',
      ]);
      expect(counts.get('silver')).toEqual({ total: 5, done: 5 });
      expect(counts.get('pci')?.total ?? 0).toBe(0);
      expect(warnings).toEqual([
        expect.stringMatching(
          /progress of campaigns pci;.*catalog unavailable/,
        ),
      ]);
    });
  },
);
