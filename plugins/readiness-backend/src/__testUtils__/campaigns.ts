import { CatalogService } from '@backstage/plugin-catalog-node';
import { Campaign } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../database/ReadinessStore';
import { CampaignService } from '../service/campaigns/CampaignService';
import { smallOrg } from './entities';

/**
 * The campaign service on a store, with a model of two levels and no
 * checks. Without `catalog`, no campaign may filter on tags or refs: the
 * catalog cannot be asked.
 */
export function campaignServiceOn(
  store: ReadinessStore,
  options: {
    fromConfig?: Campaign[];
    now?: () => Date;
    logger?: { warn(message: string): void };
    catalog?: CatalogService;
    progressPageSize?: number;
  } = {},
): CampaignService {
  return new CampaignService({
    store,
    catalog: options.catalog ?? ({} as CatalogService),
    model: {
      levels: [{ id: 'bronze' }, { id: 'silver' }],
      checks: [],
    } as any,
    credentials: async () => ({} as any),
    fromConfig: options.fromConfig ?? [],
    logger: (options.logger ?? { warn() {} }) as any,
    now: options.now,
    progressPageSize: options.progressPageSize,
  });
}

/** A campaign of app-config that every scored entity is asked by, open until 2099. */
export const silverFromConfig: Campaign = {
  id: 'silver',
  title: 'Silver',
  filter: {},
  target: { level: 'silver' },
  startDate: '2026-11-01',
  deadline: '2099-01-01',
  source: 'config',
  version: 0,
};

/** Stores a portal campaign `silver` that asks every scored entity for silver, open until 2099. */
export function storeSilverCampaign(store: ReadinessStore) {
  return store.transaction(tx =>
    store.campaigns.definitions.writeCampaign(
      tx,
      'silver',
      {
        title: 'Silver',
        filter: {},
        target: { level: 'silver' },
        deadline: '2099-01-01',
      },
      'user:default/admin',
      0,
      '2026-12-01',
      { create: true },
    ),
  );
}

/**
 * An admin lowers the portal campaign `silver` (version 1, as
 * storeSilverCampaign stored it) to bronze through the campaign service, as
 * the campaign routes save it (its progress is then pending); the campaign
 * as stored.
 */
export function lowerSilverToBronze(
  service: CampaignService,
  store: ReadinessStore,
) {
  return service.writeDefinition(tx =>
    store.campaigns.definitions.writeCampaign(
      tx,
      'silver',
      {
        title: 'Bronze after all',
        filter: {},
        target: { level: 'bronze' },
        deadline: '2099-01-01',
      },
      'user:default/admin',
      1,
      '2026-12-01',
    ),
  );
}

/**
 * An app-config campaign for Bronze on every scored entity, due far enough
 * ahead that nothing is overdue whatever the day the tests run: what
 * `readiness.campaigns` holds in the route tests.
 */
export const BRONZE_FOR_ALL = {
  id: 'bronze-for-all',
  title: 'Bronze for all',
  target: { level: 'bronze' },
  startDate: '2026-01-01',
  deadline: '2099-12-31',
};

/** Whether the stored campaign `id` waits for its progress to be computed. */
export async function pendingOf(store: ReadinessStore, id: string) {
  return (await store.campaigns.definitions.progressMarks([id])).has(id);
}

/** Far enough ahead that nothing is overdue whatever the day the tests run. */
export const FAR_DEADLINE = '2099-12-31';

/** A portal campaign for the metrics of engineering's components (smallOrg). */
export const metricsCampaign = {
  title: 'Metrics everywhere',
  description: 'Every component of engineering exports metrics.',
  filter: { owners: ['group:default/eng'], kinds: ['component'] },
  target: { checks: ['monitoring.metrics'] },
  deadline: FAR_DEADLINE,
};

/** smallOrg with cart (of eng) tagged `payments`, for campaigns filtering on tags. */
export const taggedCartOrg = () =>
  smallOrg().map(e =>
    e.metadata.name === 'cart'
      ? { ...e, metadata: { ...e.metadata, tags: ['payments'] } }
      : e,
  );
