import {
  EntityScorecard,
  gapToLevel,
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
  /** The state before a push, when the report is about a push. */
  before?: { score: number | null; level: string | null };
  /** Against `--require-level`, or the next level when none is required. */
  target?: {
    levelId: string;
    required: boolean;
    reached: boolean;
    missing: { checkId: string; title: string; status: string }[];
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
  return {
    entityRef: scorecard.entityRef,
    title: scorecard.title,
    score: scorecard.score,
    level: scorecard.level,
    stale,
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

/** Exit 1 when any entity is below the required level. */
export function passed(summaries: EntitySummary[]): boolean {
  return summaries.every(s => !s.target?.required || s.target.reached);
}
