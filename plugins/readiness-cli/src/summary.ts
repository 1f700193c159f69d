import {
  EntityCampaignsResponse,
  EntityScorecard,
  gapToLevel,
  NotAssessed,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';

/** One entity as the reports print it. */
export interface EntitySummary {
  entityRef: string;
  title?: string;
  score: number | null;
  level: string | null;
  /** Set when the scorecard was served from the last stored result. */
  stale: boolean;
  /**
   * Present when too few checks apply to the entity for a level (every check
   * N/A, say): it has no level, so it is below any required level.
   */
  notAssessed?: NotAssessed;
  /** The state before a push, when the report is about a push. */
  before?: { score: number | null; level: string | null };
  /** Against `--require-level`, or the next level when none is required. */
  target?: {
    levelId: string;
    required: boolean;
    reached: boolean;
    missing: { checkId: string; title: string; status: string }[];
  };
  /** Against `--campaign`: where the entity stands and what it still needs. */
  campaign?: {
    id: string;
    title: string;
    deadline: string;
    status: 'done' | 'not-done' | 'overdue';
    missing: { checkId: string; title: string }[];
  };
}

/** The entity's part in a campaign, for `--campaign`. */
export function campaignPart(
  model: ReadinessModel,
  response: EntityCampaignsResponse,
  entityRef: string,
  campaignId: string,
): NonNullable<EntitySummary['campaign']> {
  const found = response.items.find(i => i.campaign.id === campaignId);
  if (!found) {
    throw new Error(`${entityRef} is not part of campaign '${campaignId}'`);
  }
  const titles = new Map(model.checks.map(c => [c.id, c.title]));
  return {
    id: found.campaign.id,
    title: found.campaign.title,
    deadline: found.campaign.deadline,
    status: found.entity.status,
    missing: found.entity.missing.map(checkId => ({
      checkId,
      title: titles.get(checkId) ?? checkId,
    })),
  };
}

export function summarise(
  model: ReadinessModel,
  scorecard: EntityScorecard,
  stale: boolean,
  requireLevel: string | undefined,
): EntitySummary {
  const titles = new Map(model.checks.map(c => [c.id, c.title]));
  const levelId = requireLevel ?? scorecard.nextLevel?.levelId;
  const gap = levelId ? gapToLevel(model, scorecard, levelId) : undefined;
  const notAssessed = scorecard.notAssessed;
  return {
    entityRef: scorecard.entityRef,
    title: scorecard.title,
    score: scorecard.score,
    level: scorecard.level,
    stale,
    ...(notAssessed && {
      notAssessed: {
        applicableChecks: notAssessed.applicableChecks,
        minimumApplicableChecks: notAssessed.minimumApplicableChecks,
      },
    }),
    target:
      levelId && gap
        ? {
            levelId,
            required: requireLevel !== undefined,
            reached: gap.reached,
            missing: gap.missing.map(r => ({
              checkId: r.checkId,
              title: titles.get(r.checkId) ?? r.checkId,
              status: r.status,
            })),
          }
        : undefined,
  };
}

/** Exit 1 when any entity is below the required level or campaign target. */
export function passed(summaries: EntitySummary[]): boolean {
  return summaries.every(
    s =>
      (!s.target?.required || s.target.reached) &&
      (!s.campaign || s.campaign.status === 'done'),
  );
}
