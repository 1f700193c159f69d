import {
  Campaign,
  CampaignCandidate,
  CampaignEvaluator,
} from '@prodready/plugin-readiness-common';
import { CampaignEntityRow } from '../../database/campaignProgressTable';

/* What both ways of computing campaign progress (from scratch, and by a write's delta) build rows with. */

/** The catalog tags of a page of entities, by ref (none read when no campaign filters on tags). */
export type PageTags = ReadonlyMap<string, string[]>;

/** The tags campaigns filter on. */
export function tagsWanted(
  campaigns: readonly Pick<Campaign, 'filter'>[],
): string[] {
  return [...new Set(campaigns.flatMap(c => c.filter.tags ?? []))];
}

/** An entity's row in a campaign, as the campaign's evaluator sees its candidate. */
export const rowOf = (
  evaluator: CampaignEvaluator,
  candidate: CampaignCandidate,
  title: string | undefined,
): CampaignEntityRow => {
  const { done, missing } = evaluator.evaluate(candidate);
  const row: CampaignEntityRow = {
    campaignId: evaluator.campaign.id,
    entityRef: candidate.member.entityRef,
    done,
    missing,
  };
  if (title) row.title = title;
  if (candidate.member.owner) row.owner = candidate.member.owner;
  if (evaluator.campaign.target.level) row.level = candidate.member.level;
  return row;
};
