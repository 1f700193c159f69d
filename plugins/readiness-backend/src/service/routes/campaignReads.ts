import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  Campaign,
  campaignEntityStatus,
  CampaignEntityProgress,
  CampaignSummary,
  EntityCampaignsResponse,
} from '@prodready/plugin-readiness-common';
import { CampaignEntityRow } from '../../database/campaignProgressTable';
import { RouteContext } from './RouteContext';

/*
 * The campaign reads the REST routes and the actions share, so both list
 * and filter campaigns, and say where an entity stands, the same way.
 */

/** The campaign service, or a 503 while campaigns are not set up. */
export function campaignService(ctx: RouteContext) {
  if (!ctx.campaigns) {
    throw new ServiceUnavailableError('Campaigns are not set up');
  }
  return ctx.campaigns;
}

/** An entity's progress row as the API shows it: done, not done or overdue. */
export function entityProgress(
  row: CampaignEntityRow,
  campaign: Campaign,
  today: string,
): CampaignEntityProgress {
  return {
    ...row,
    status: campaignEntityStatus(row.done, campaign.deadline, today),
  };
}

/**
 * App-config and portal campaigns with their progress; for a group, its part
 * of those it has entities in; `open`: only those not finished.
 */
export async function listCampaignSummaries(
  ctx: RouteContext,
  query: { group?: string; open?: boolean },
): Promise<CampaignSummary[]> {
  const service = campaignService(ctx);
  let items = await service.summaries(await service.list(), query.group);
  // A group's card shows the campaigns it has entities in.
  if (query.group) items = items.filter(c => c.progress.total > 0);
  if (query.open) items = items.filter(c => c.progress.done < c.progress.total);
  return items;
}

/** The campaigns an entity is part of and what it still needs in each, for a caller who may read it. */
export async function readEntityCampaigns(
  ctx: RouteContext,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<EntityCampaignsResponse> {
  const service = campaignService(ctx);
  await ctx.loadEntity(entityRef, credentials);
  const rows =
    (await ctx.store.campaigns.progress.getEntityRows([entityRef])).get(
      entityRef,
    ) ?? [];
  const mine = (await service.list()).filter(c =>
    rows.some(r => r.campaignId === c.id),
  );
  const today = service.today();
  // In the order of the campaign list: app-config ones first, by deadline.
  return {
    items: (await service.summaries(mine)).map(campaign => ({
      campaign,
      entity: entityProgress(
        rows.find(r => r.campaignId === campaign.id)!,
        campaign,
        today,
      ),
    })),
  };
}
