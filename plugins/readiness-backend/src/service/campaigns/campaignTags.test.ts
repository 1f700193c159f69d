import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessStore } from '../../database/ReadinessStore';
import { CampaignProgress } from './campaignProgress';

const component = (i: number, tags: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `svc-${i}`, namespace: 'default', tags },
  spec: { type: 'service', owner: 'team-a' },
});

/** The catalog, with the largest number of entities any one reply carried. */
function measuredCatalog(entities: Entity[]) {
  const inner = catalogServiceMock({ entities });
  const seen = { largestReply: 0 };
  const note = (items: unknown[]) => {
    seen.largestReply = Math.max(seen.largestReply, items.length);
  };
  const catalog = {
    async getEntities(...args: Parameters<CatalogService['getEntities']>) {
      const reply = await inner.getEntities(...args);
      note(reply.items);
      return reply;
    },
    async *streamEntities(
      ...args: Parameters<CatalogService['streamEntities']>
    ) {
      for await (const page of inner.streamEntities(...args)) {
        note(page);
        yield page;
      }
    },
  } as unknown as CatalogService;
  return { catalog, seen };
}

describe('the tags a campaign filters on', () => {
  it('are read from the catalog in pages, however many entities carry them', async () => {
    const entities = Array.from({ length: 2500 }, (_, i) =>
      component(i, i % 2 ? ['payments', 'pci'] : ['search']),
    );
    const { catalog, seen } = measuredCatalog(entities);
    const progress = new CampaignProgress({
      store: {} as ReadinessStore,
      catalog,
      model: { levels: [], checks: [] },
      credentials: async () => ({} as any),
    });

    const tags = await progress.tagsOf([
      { filter: { tags: ['payments'] } },
      { filter: {} },
    ]);

    expect(tags.byRef.size).toBe(1250);
    expect(tags.byRef.get('component:default/svc-1')).toEqual([
      'payments',
      'pci',
    ]);
    expect(tags.byRef.has('component:default/svc-0')).toBe(false);
    expect(seen.largestReply).toBeGreaterThan(0);
    expect(seen.largestReply).toBeLessThanOrEqual(1000);
  });
});
