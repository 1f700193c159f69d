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
  const campaignsOf = new Map<string, EntityCampaignsResponse['items']>();
  for (let i = 0; i < summaries.length; i += ENTITY_CAMPAIGNS_MAX) {
    const refs = summaries
      .slice(i, i + ENTITY_CAMPAIGNS_MAX)
      .map(s => s.entityRef);
    const { items } = await client.getEntitiesCampaigns(refs);
    for (const item of items) campaignsOf.set(item.entityRef, item.campaigns);
  }
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
