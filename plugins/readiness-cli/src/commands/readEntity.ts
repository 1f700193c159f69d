import {
  ENTITY_CAMPAIGNS_MAX,
  EntityCampaignsResponse,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { ReadinessHttpClient } from '../client';
import { CliOptions } from '../options';
import { campaignPart, EntitySummary, summarise } from '../summary';

/** An entity's summary against the required level, as both commands read it. */
export async function readEntity(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  entityRef: string,
  options: CliOptions,
): Promise<EntitySummary> {
  const { scorecard, stale } = await client.getScorecard(entityRef);
  return summarise(model, scorecard, stale, options.requireLevel);
}

/** The items `read` answers for `refs`, `size` refs a request. */
export async function readInBatches<T>(
  refs: string[],
  size: number,
  read: (part: string[]) => Promise<{ items: T[] }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let i = 0; i < refs.length; i += size) {
    items.push(...(await read(refs.slice(i, i + size))).items);
  }
  return items;
}

/**
 * The summaries with where each entity stands in `--campaign` (as they
 * are without it), read for {@link ENTITY_CAMPAIGNS_MAX} entities a
 * request: a push to 1,000 entities asks 40 times, not 1,000, of a backend
 * that limits requests per minute.
 */
export async function withCampaign(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  summaries: EntitySummary[],
  options: CliOptions,
): Promise<EntitySummary[]> {
  const campaignId = options.campaign;
  if (!campaignId) return summaries;
  const items = await readInBatches(
    summaries.map(s => s.entityRef),
    ENTITY_CAMPAIGNS_MAX,
    refs => client.getEntitiesCampaigns(refs),
  );
  const campaignsOf = new Map<string, EntityCampaignsResponse['items']>(
    items.map(item => [item.entityRef, item.campaigns]),
  );
  return summaries.map(summary => ({
    ...summary,
    campaign: campaignPart(
      model,
      { items: campaignsOf.get(summary.entityRef) ?? [] },
      summary.entityRef,
      campaignId,
    ),
  }));
}
