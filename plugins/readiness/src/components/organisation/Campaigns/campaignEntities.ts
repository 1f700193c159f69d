import { CampaignEntityProgress } from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../../../api/ReadinessApi';

/** The largest page `GET /campaigns/:id/entities` serves (its `limit` maximum). */
export const CAMPAIGN_ENTITIES_MAX_LIMIT = 5000;

/** Which of a campaign's entities to list. */
export type CampaignEntitiesFilter = Omit<
  NonNullable<Parameters<ReadinessApi['listCampaignEntities']>[1]>,
  'limit' | 'offset'
>;

/**
 * Every entity of a campaign that the filter matches, read page after page
 * of the backend's largest page until its `totalCount`. The server pages
 * before it leaves out entities the caller may not read, so a page can hold
 * fewer than it asked for: the offset advances by the page size, not by what
 * came back. `onProgress` hears how far the reading has got after each page.
 */
export async function listAllCampaignEntities(
  api: Pick<ReadinessApi, 'listCampaignEntities'>,
  id: string,
  filter: CampaignEntitiesFilter,
  onProgress?: (read: number, total: number) => void,
): Promise<CampaignEntityProgress[]> {
  // Keyed by entity, so one moved between pages while reading counts once.
  const entities = new Map<string, CampaignEntityProgress>();
  let total = 0;
  let offset = 0;
  do {
    const page = await api.listCampaignEntities(id, {
      ...filter,
      limit: CAMPAIGN_ENTITIES_MAX_LIMIT,
      offset,
    });
    for (const item of page.items) entities.set(item.entityRef, item);
    total = page.totalCount;
    offset += CAMPAIGN_ENTITIES_MAX_LIMIT;
    onProgress?.(Math.min(offset, total), total);
  } while (offset < total);
  return [...entities.values()];
}
