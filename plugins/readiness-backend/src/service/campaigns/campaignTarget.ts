import {
  CampaignTarget,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';

/** What a campaign's target is checked against. */
export type TargetModel = Pick<ReadinessModel, 'levels' | 'checks'>;

/** What is wrong with a campaign's target in this model, as `field: message`; undefined when nothing. */
export function targetProblem(
  target: CampaignTarget,
  model: TargetModel,
): string | undefined {
  if (target.level !== undefined) {
    return model.levels.some(l => l.id === target.level)
      ? undefined
      : `target.level: '${target.level}' is not a level of the readiness model`;
  }
  const known = new Set(model.checks.map(c => c.id));
  const checks = target.checks ?? [];
  const i = checks.findIndex(id => !known.has(id));
  return i < 0
    ? undefined
    : `target.checks.${i}: '${checks[i]}' is not a check of the readiness model`;
}
