import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  CampaignSummary,
  ReadinessModel,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import {
  ReadinessApi,
  readinessApiRef,
  ScorecardListQuery,
} from '../../../api/ReadinessApi';
import { isNotFound } from '../../../lib/errors';
import { DAY_MS, isoDay } from '../../../lib/format';

/** Entities the card lists, lowest score first; as many with answers to renew. */
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
  /** How many of the user's entities have an answer to renew within the window. */
  expiringEntities: number;
  /** How many of those `expiring` lists the answers of. */
  expiringListed: number;
  campaigns: OpenCampaign[];
}

/** The backend's order of a sort: nulls last, then by the value, then by ref. */
function byField(field: 'score' | 'nextExpiry') {
  return (a: ScorecardSummary, b: ScorecardSummary): number => {
    const [x, y] = [a[field], b[field]];
    if (x !== y) {
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return x < y ? -1 : 1;
    }
    if (a.entityRef === b.entityRef) return 0;
    return a.entityRef < b.entityRef ? -1 : 1;
  };
}

/**
 * The first `MY_ENTITIES` entities of any of the owners in the order of
 * `sort`, and how many match. The backend takes at most 100 owners a
 * request; a user in more groups gets one request per 100. An entity has
 * one owner, so the counts add up.
 */
async function firstOwned(
  api: ReadinessApi,
  owners: string[],
  query: Omit<ScorecardListQuery, 'owner' | 'sort'> & {
    sort: 'score' | 'nextExpiry';
  },
): Promise<{ items: ScorecardSummary[]; totalCount: number }> {
  const batches: string[][] = [];
  for (let i = 0; i < owners.length; i += OWNERS_PER_REQUEST) {
    batches.push(owners.slice(i, i + OWNERS_PER_REQUEST));
  }
  const pages = await Promise.all(
    batches.map(owner =>
      api.listScorecards({ ...query, owner, order: 'asc', limit: MY_ENTITIES }),
    ),
  );
  return {
    items: pages
      .flatMap(p => p.items)
      .sort(byField(query.sort))
      .slice(0, MY_ENTITIES),
    totalCount: pages.reduce((sum, p) => sum + p.totalCount, 0),
  };
}

/**
 * What `read` gives, or undefined when the entity has left the catalog
 * since the last full run (its scorecard is still listed until then).
 */
async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The signed-in user's readiness: the entities owned by the user or one of
 * their groups (their ownership refs), the lowest-scoring first; the
 * answers to renew of the entities whose own answers expire soonest (the
 * backend finds them among all the user's entities); and the campaigns the
 * lowest-scoring entities have not finished. A handful of requests,
 * however large the organisation.
 */
export function useMyReadiness(now: Date) {
  const identityApi = useApi(identityApiRef);
  const api = useApi(readinessApiRef);
  return useAsync(async (): Promise<MyReadiness> => {
    const { ownershipEntityRefs: owners } =
      await identityApi.getBackstageIdentity();
    const expiringBy = isoDay(
      new Date(now.getTime() + EXPIRY_WINDOW_DAYS * DAY_MS),
    );
    const [model, page, toRenew] = await Promise.all([
      api.getModel(),
      firstOwned(api, owners, { sort: 'score' }),
      firstOwned(api, owners, { sort: 'nextExpiry', expiringBy }),
    ]);
    const titles = new Map(model.checks.map(c => [c.id, c.title]));
    // As the backend's `expiringBy`: expiring on that day counts.
    const horizon = Date.parse(`${expiringBy}T00:00:00Z`) + DAY_MS;
    const [renewals, campaignsOf] = await Promise.all([
      Promise.all(
        toRenew.items.map(item => unlessGone(api.getScorecard(item.entityRef))),
      ),
      // One request for the campaigns of every entity shown.
      page.items.length
        ? api.getEntitiesCampaigns(page.items.map(item => item.entityRef))
        : { items: [] },
    ]);
    const scorecards = renewals.flatMap(r => (r ? [r] : []));
    // Those the user may no longer read (or gone) are left out.
    const listed = new Set(campaignsOf.items.map(i => i.entityRef));
    const entities = page.items.filter(item => listed.has(item.entityRef));
    const open = new Map<string, OpenCampaign>();
    for (const { campaigns } of campaignsOf.items) {
      for (const { campaign, entity } of campaigns) {
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
          .filter(c => Date.parse(c.expiresAt!) < horizon)
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
      entities,
      totalCount: page.totalCount - (page.items.length - entities.length),
      expiring,
      expiringEntities:
        toRenew.totalCount - (toRenew.items.length - scorecards.length),
      expiringListed: scorecards.length,
      campaigns: [...open.values()].sort((a, b) =>
        a.campaign.deadline.localeCompare(b.campaign.deadline),
      ),
    };
  }, [identityApi, api]);
}
