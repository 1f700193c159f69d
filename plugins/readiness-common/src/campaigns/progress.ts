import { GroupHierarchy } from '../scoring/groupHierarchy';
import { RollupMember } from '../scoring/rollups';
import { CheckStatus, ReadinessModel } from '../types';
import { Campaign } from './campaign';

/*
 * Campaign progress from what is stored of each entity (its rollup member
 * and the status of each check): whether the campaign asks the entity,
 * whether it is done and what it still needs, and the per-group counts,
 * nested like the rollups (a group counts every entity it or a descendant
 * group owns, through the same GroupHierarchy).
 */

/** What a campaign needs of an entity: its stored member, check statuses and tags. @public */
export interface CampaignCandidate {
  member: Pick<
    RollupMember,
    | 'entityRef'
    | 'kind'
    | 'owner'
    | 'system'
    | 'domain'
    | 'lifecycle'
    | 'level'
    | 'notAssessed'
  >;
  checks: Record<string, CheckStatus>;
  /** The entity's catalog tags. */
  tags?: string[];
}

/** An entity's result in a campaign. @public */
export interface CampaignResult {
  done: boolean;
  missing: string[];
}

/** Statuses that satisfy a campaign: met, not applicable, or waived by an approved exemption. */
const SATISFIED: ReadonlySet<string> = new Set([
  'met',
  'not-applicable',
  'exempt',
]);

/** A check counts as done when satisfied, or when it does not apply to the kind at all. */
const satisfied = (status: CheckStatus | undefined) =>
  status === undefined || SATISFIED.has(status);

/** The groups an owner's entities count in: the owner and its ancestors (just the owner outside the tree). @public */
export function ownerChain(
  owner: string | undefined,
  hierarchy: GroupHierarchy,
): string[] {
  if (!owner) return [];
  return hierarchy.has(owner) ? hierarchy.selfAndAncestors(owner) : [owner];
}

/**
 * Decides, for one campaign, which entities it asks and whether each is done.
 * @public
 */
export class CampaignEvaluator {
  private readonly levelRank: Map<string, number>;
  private readonly gateChecks: { id: string; rank: number }[];
  /** The filter's tags in lower case: the catalog matches tags in any case. */
  private readonly tags?: ReadonlySet<string>;
  /** The target's checks, each once. */
  private readonly targetChecks?: string[];

  constructor(
    readonly campaign: Campaign,
    model: Pick<ReadinessModel, 'levels' | 'checks'>,
  ) {
    this.levelRank = new Map(model.levels.map((l, i) => [l.id, i]));
    this.gateChecks = model.checks
      .filter(c => c.gate && this.levelRank.has(c.level))
      .map(c => ({ id: c.id, rank: this.levelRank.get(c.level)! }));
    const { tags } = campaign.filter;
    if (tags) this.tags = new Set(tags.map(t => t.toLowerCase()));
    const { checks } = campaign.target;
    if (checks) this.targetChecks = [...new Set(checks)];
  }

  /** Whether the campaign asks this entity; `chain` is its owner and the owner's ancestors. */
  matches(candidate: CampaignCandidate, chain: string[]): boolean {
    const { filter } = this.campaign;
    const { member } = candidate;
    const has = (values: string[] | undefined, value: string | undefined) =>
      !values || (value !== undefined && values.includes(value));
    return (
      has(filter.kinds, member.kind.toLowerCase()) &&
      has(filter.systems, member.system) &&
      has(filter.domains, member.domain) &&
      has(filter.lifecycles, member.lifecycle) &&
      (!filter.owners || chain.some(g => filter.owners!.includes(g))) &&
      (!this.tags ||
        (candidate.tags?.some(t => this.tags!.has(t.toLowerCase())) ?? false))
    );
  }

  /** Whether the entity reached the target, and the checks it still needs. */
  evaluate(candidate: CampaignCandidate): CampaignResult {
    const { target } = this.campaign;
    const { checks, member } = candidate;
    if (this.targetChecks) {
      const missing = this.targetChecks.filter(id => !satisfied(checks[id]));
      return { done: missing.length === 0, missing };
    }
    const wanted = this.levelRank.get(target.level ?? '');
    // A level the model does not have (any more) cannot be reached.
    if (wanted === undefined) return { done: false, missing: [] };
    const has = member.level ? this.levelRank.get(member.level) : undefined;
    const done = !member.notAssessed && has !== undefined && has >= wanted;
    const missing = done
      ? []
      : this.gateChecks
          .filter(g => g.rank <= wanted && g.id in checks)
          .filter(g => !satisfied(checks[g.id]))
          .map(g => g.id);
    return { done, missing };
  }
}

/** Totals per group ref; '' is the whole campaign. @public */
export type CampaignGroupCounts = Map<string, { total: number; done: number }>;

/** The ref of a campaign's own totals among its group counts. @public */
export const CAMPAIGN_TOTAL = '';

/**
 * Moves the counts of a campaign by `entities` entities of one owner, done
 * or not (added when positive, removed when negative): its own totals and
 * every group in the owner's chain.
 * @public
 */
export function moveCampaignCounts(
  counts: CampaignGroupCounts,
  chain: string[],
  done: boolean,
  entities: number,
) {
  for (const ref of [CAMPAIGN_TOTAL, ...chain]) {
    const entry = counts.get(ref) ?? { total: 0, done: 0 };
    entry.total += entities;
    if (done) entry.done += entities;
    counts.set(ref, entry);
  }
}
