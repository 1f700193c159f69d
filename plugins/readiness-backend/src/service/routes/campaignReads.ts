import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  Campaign,
  campaignEntityStatus,
  CampaignEntityProgress,
  CampaignSummary,
  EntitiesCampaignsResponse,
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
  campaignService(ctx);
  await ctx.loadEntity(entityRef, credentials);
  const [items] = await campaignsOf(ctx, [entityRef]);
  return { items };
}

/**
 * The campaigns of each of `entityRefs` that a single entity's read would
 * load (see `loadableRefs`: one catalog request for all of them), the others
 * left out; one read of their progress rows. What a home page shows for a
 * user's entities.
 */
export async function readEntitiesCampaigns(
  ctx: RouteContext,
  entityRefs: string[],
  credentials: BackstageCredentials,
): Promise<EntitiesCampaignsResponse> {
  campaignService(ctx);
  const loadable = await ctx.loadableRefs(entityRefs, credentials);
  const campaigns = await campaignsOf(ctx, loadable);
  return {
    items: loadable.map((entityRef, i) => ({
      entityRef,
      campaigns: campaigns[i],
    })),
  };
}

/** For each of `entityRefs`, its campaigns with its progress in each, in the order of the campaign list. */
async function campaignsOf(
  ctx: RouteContext,
  entityRefs: string[],
): Promise<EntityCampaignsResponse['items'][]> {
  const service = campaignService(ctx);
  if (!entityRefs.length) return [];
  const rows = await ctx.store.campaigns.progress.getEntityRows(entityRefs);
  const involved = new Set(
    [...rows.values()].flatMap(list => list.map(r => r.campaignId)),
  );
  // App-config ones first, by deadline.
  const summaries = await service.summaries(
    (await service.list()).filter(c => involved.has(c.id)),
  );
  const today = service.today();
  return entityRefs.map(entityRef => {
    const own = rows.get(entityRef) ?? [];
    return summaries.flatMap(campaign => {
      const row = own.find(r => r.campaignId === campaign.id);
      return row
        ? [{ campaign, entity: entityProgress(row, campaign, today) }]
        : [];
    });
  });
}
