import { CampaignProgressTable } from './campaignProgressTable';
import { CampaignTables } from './campaignTables';
import { StoreDatabase } from './storeDatabase';

/** The public methods of a store section, without its knex internals. */
type Methods<T> = { [K in keyof T]: T[K] };

/**
 * The campaigns section of the store: portal campaign definitions
 * (versioned) and the precomputed progress of every campaign.
 */
export interface CampaignStore {
  definitions: Methods<CampaignTables>;
  progress: Methods<CampaignProgressTable>;
}

export function createCampaignStore(store: StoreDatabase): CampaignStore {
  return {
    definitions: new CampaignTables(store),
    progress: new CampaignProgressTable(store),
  };
}
