import {
  Campaign,
  CampaignCandidate,
  CampaignEvaluator,
} from '@prodready/plugin-readiness-common';
import { CampaignEntityRow } from '../../database/campaignProgressTable';

/* What both ways of computing campaign progress (from scratch, and by a write's delta) build rows with. */

/** The tags of the entities carrying any of the tags `asked` for, by ref. */
export interface CampaignTags {
  asked: ReadonlySet<string>;
  byRef: Map<string, string[]>;
}

/** The tags campaigns filter on. */
export function tagsWanted(campaigns: Pick<Campaign, 'filter'>[]): string[] {
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
