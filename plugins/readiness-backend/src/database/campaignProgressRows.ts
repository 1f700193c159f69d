import { CheckStatus, RollupMember } from '@prodready/plugin-readiness-common';

/* Campaign progress as the store hands it out, and as its tables hold it. */

/** An entity's stored place in one campaign. */
export interface CampaignEntityRow {
  campaignId: string;
  entityRef: string;
  title?: string;
  owner?: string;
  done: boolean;
  level?: string | null;
  missing: string[];
}

/** What a campaign's progress is computed from: an entity's stored scorecard. */
export interface CampaignCandidateRow {
  member: RollupMember;
  checks: Record<string, CheckStatus>;
  title?: string;
  /** When the scorecard was computed (ISO 8601). */
  computedAt: string;
}

/** How many of a campaign's entities an owner has, done or not. */
export interface OwnerCount {
  campaignId: string;
  owner?: string;
  done: boolean;
  count: number;
}

/** Which of a campaign's entities a listing shows. */
export interface CampaignEntityQuery {
  done?: boolean;
  /** Only entities this group owns, or a group below it. */
  ownedUnder?: string;
  limit: number;
  offset: number;
}

export type EntityRow = {
  campaign_id: string;
  entity_ref: string;
  title: string | null;
  owner_ref: string | null;
  done: boolean | number;
  level: string | null;
  missing: string;
};

export function toRow(row: EntityRow): CampaignEntityRow {
  const out: CampaignEntityRow = {
    campaignId: row.campaign_id,
    entityRef: row.entity_ref,
    done: Boolean(row.done),
    missing: JSON.parse(row.missing),
  };
  if (row.title) out.title = row.title;
  if (row.owner_ref) out.owner = row.owner_ref;
  if (row.level !== undefined) out.level = row.level;
  return out;
}

export function fromRow(row: CampaignEntityRow): EntityRow {
  return {
    campaign_id: row.campaignId,
    entity_ref: row.entityRef,
    title: row.title ?? null,
    owner_ref: row.owner ?? null,
    done: row.done,
    level: row.level ?? null,
    missing: JSON.stringify(row.missing),
  };
}

/**
 * Stored counts as read: never below zero nor more done than asked, which
 * a write's delta can take a group to for the moments a computation from
 * scratch has moved its rows but not yet counted them again.
 */
export function countsOf(r: { total: number | string; done: number | string }) {
  const total = Math.max(0, Number(r.total));
  return { total, done: Math.min(total, Math.max(0, Number(r.done))) };
}
