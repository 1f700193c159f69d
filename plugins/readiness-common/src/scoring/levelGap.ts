import { CheckResult, EntityScorecard, ReadinessModel } from '../types';
import { passesGate } from './points';

/** How far a scorecard is from a level. @public */
export interface LevelGap {
  /** The entity holds the level or a higher one. */
  reached: boolean;
  /** The failing gate checks of that level and the levels below it. */
  missing: CheckResult[];
}

/**
 * What an entity still needs for a level: a pipeline gate or a campaign
 * target asks this of any level, not only the next one (`nextLevel`).
 * @public
 */
export function gapToLevel(
  model: ReadinessModel,
  scorecard: EntityScorecard,
  levelId: string,
): LevelGap {
  const rank = new Map(model.levels.map((level, i) => [level.id, i]));
  const target = rank.get(levelId);
  if (target === undefined) {
    throw new TypeError(`'${levelId}' is not a level of the model`);
  }
  const checks = new Map(model.checks.map(check => [check.id, check]));
  const missing = scorecard.checks.filter(result => {
    const check = checks.get(result.checkId);
    return (
      check?.gate === true &&
      (rank.get(check.level) ?? Infinity) <= target &&
      !passesGate(result.status)
    );
  });
  const held = scorecard.level === null ? -1 : rank.get(scorecard.level) ?? -1;
  return { reached: held >= target, missing };
}
