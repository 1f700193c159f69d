import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { ReadinessHttpClient } from '../client';
import { CliOptions } from '../options';
import { campaignPart, EntitySummary, summarise } from '../summary';

/** An entity's summary against the required level and campaign, as both commands read it. */
export async function readEntity(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  entityRef: string,
  options: CliOptions,
): Promise<EntitySummary> {
  const { scorecard, stale } = await client.getScorecard(entityRef);
  const summary = summarise(model, scorecard, stale, options.requireLevel);
  if (options.campaign) {
    summary.campaign = campaignPart(
      model,
      await client.getEntityCampaigns(scorecard.entityRef),
      scorecard.entityRef,
      options.campaign,
    );
  }
  return summary;
}
