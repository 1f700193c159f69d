import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { EntitySummary } from '../summary';

/** Shared wording of the human and Markdown reports. */
export function levelTitle(model: ReadinessModel, level: string | null) {
  if (level === null) return 'no level';
  return model.levels.find(l => l.id === level)?.title ?? level;
}

export function scoreText(score: number | null) {
  return score === null ? 'not scored' : `${score} %`;
}

/** `+12.5` / `-3` / `±0` between a push's before and after, or undefined. */
export function scoreChange(summary: EntitySummary): string | undefined {
  const before = summary.before?.score;
  if (before === undefined || before === null || summary.score === null) {
    return undefined;
  }
  const delta = Math.round((summary.score - before) * 10) / 10;
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `${delta}`;
}

export function verdict(summary: EntitySummary): string | undefined {
  const target = summary.target;
  if (!target?.required) return undefined;
  return target.reached ? 'passed' : 'FAILED';
}

/**
 * `not assessed: 0 of at least 1 applicable checks` for an entity too few
 * checks apply to for a level, or undefined.
 */
export function notAssessedText(summary: EntitySummary): string | undefined {
  const notAssessed = summary.notAssessed;
  if (!notAssessed) return undefined;
  return `not assessed: ${notAssessed.applicableChecks} of at least ${notAssessed.minimumApplicableChecks} applicable checks`;
}

/** `done`, `not done`, `OVERDUE`. */
export function campaignStatus(status: 'done' | 'not-done' | 'overdue') {
  if (status === 'overdue') return 'OVERDUE';
  return status === 'done' ? 'done' : 'not done';
}
