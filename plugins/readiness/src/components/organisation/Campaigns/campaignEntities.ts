import { CampaignEntityProgress } from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../../../api/ReadinessApi';
import { readAllPages } from '../../../lib/allPages';

/** The largest page `GET /campaigns/:id/entities` serves (its `limit` maximum). */
export const CAMPAIGN_ENTITIES_MAX_LIMIT = 5000;

/** Which of a campaign's entities to list. */
export type CampaignEntitiesFilter = Omit<
  NonNullable<Parameters<ReadinessApi['listCampaignEntities']>[1]>,
  'limit' | 'offset'
>;

/** Every entity of a campaign that the filter matches (see {@link readAllPages}). */
export function listAllCampaignEntities(
  api: Pick<ReadinessApi, 'listCampaignEntities'>,
  id: string,
  filter: CampaignEntitiesFilter,
  onProgress?: (read: number, total: number) => void,
): Promise<CampaignEntityProgress[]> {
  return readAllPages(
    page => api.listCampaignEntities(id, { ...filter, ...page }),
    {
      pageSize: CAMPAIGN_ENTITIES_MAX_LIMIT,
      keyOf: e => e.entityRef,
      onProgress,
    },
  );
}
