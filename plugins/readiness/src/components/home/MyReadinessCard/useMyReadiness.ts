import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  CampaignSummary,
  ReadinessModel,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { ReadinessApi, readinessApiRef } from '../../../api/ReadinessApi';
import { DAY_MS } from '../../../lib/format';

/** Entities the card lists, lowest score first. */
export const MY_ENTITIES = 8;
/** Owners one `GET /scorecards` accepts (the backend's maximum). */
const OWNERS_PER_REQUEST = 100;
/** How far ahead the card looks for answers that expire. */
export const EXPIRY_WINDOW_DAYS = 30;

/** An answer of one of the user's entities that expires soon or has expired. */
export interface ExpiringCheck {
  entityRef: string;
  entityTitle?: string;
  checkId: string;
  checkTitle: string;
  /** ISO date of the expiry. */
  expiresAt: string;
}

/** A campaign some of the listed entities have not finished. */
export interface OpenCampaign {
  campaign: CampaignSummary;
  /** How many of the listed entities are not done in it. */
  notDone: number;
}

export interface MyReadiness {
  model: ReadinessModel;
  entities: ScorecardSummary[];
  totalCount: number;
  expiring: ExpiringCheck[];
  campaigns: OpenCampaign[];
}

/** The backend's order of `sort=score`: lowest first, unscored last, then by ref. */
function byScore(a: ScorecardSummary, b: ScorecardSummary): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return a.score - b.score;
  }
  if (a.entityRef === b.entityRef) return 0;
  return a.entityRef < b.entityRef ? -1 : 1;
}

/**
 * The lowest-scoring entities of any of the owners, and how many they own.
 * The backend takes at most 100 owners a request; a user in more groups
 * gets one request per 100. An entity has one owner, so the counts add up.
 */
async function lowestScoring(
  api: ReadinessApi,
  owners: string[],
): Promise<{ items: ScorecardSummary[]; totalCount: number }> {
  const batches: string[][] = [];
  for (let i = 0; i < owners.length; i += OWNERS_PER_REQUEST) {
    batches.push(owners.slice(i, i + OWNERS_PER_REQUEST));
  }
  const pages = await Promise.all(
    batches.map(owner =>
      api.listScorecards({
        owner,
        sort: 'score',
        order: 'asc',
        limit: MY_ENTITIES,
      }),
    ),
  );
  return {
    items: pages
      .flatMap(p => p.items)
      .sort(byScore)
      .slice(0, MY_ENTITIES),
    totalCount: pages.reduce((sum, p) => sum + p.totalCount, 0),
  };
}

/**
 * The signed-in user's readiness: the entities owned by the user or one of
 * their groups (their ownership refs), the lowest-scoring first, and of the
 * entities listed, the answers that expire within the window and the
 * campaigns they have not finished. Only the listed entities' scorecards are
 * read (the backend has no query of expiring answers across entities), so
 * the card costs a handful of requests however large the organisation, and
 * says that the answers of the other entities are not checked.
 */
export function useMyReadiness(now: Date) {
  const identityApi = useApi(identityApiRef);
  const api = useApi(readinessApiRef);
  return useAsync(async (): Promise<MyReadiness> => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const [model, page] = await Promise.all([
      api.getModel(),
      lowestScoring(api, ownershipEntityRefs),
    ]);
    const titles = new Map(model.checks.map(c => [c.id, c.title]));
    const horizon = now.getTime() + EXPIRY_WINDOW_DAYS * DAY_MS;
    const [scorecards, entityCampaigns] = await Promise.all([
      Promise.all(page.items.map(item => api.getScorecard(item.entityRef))),
      Promise.all(
        page.items.map(item => api.getEntityCampaigns(item.entityRef)),
      ),
    ]);
    const open = new Map<string, OpenCampaign>();
    for (const { items } of entityCampaigns) {
      for (const { campaign, entity } of items) {
        if (entity.status === 'done') continue;
        const seen = open.get(campaign.id) ?? { campaign, notDone: 0 };
        seen.notDone++;
        open.set(campaign.id, seen);
      }
    }
    const expiring = scorecards
      .flatMap(({ scorecard }) =>
        scorecard.checks
          // The entity's own answers: an inherited one is its System's to renew.
          .filter(c => c.expiresAt && c.source !== 'inherited')
          .filter(c => Date.parse(c.expiresAt!) <= horizon)
          .map(c => ({
            entityRef: scorecard.entityRef,
            entityTitle: scorecard.title,
            checkId: c.checkId,
            checkTitle: titles.get(c.checkId) ?? c.checkId,
            expiresAt: c.expiresAt!,
          })),
      )
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    return {
      model,
      entities: page.items,
      totalCount: page.totalCount,
      expiring,
      campaigns: [...open.values()].sort((a, b) =>
        a.campaign.deadline.localeCompare(b.campaign.deadline),
      ),
    };
  }, [identityApi, api]);
}
