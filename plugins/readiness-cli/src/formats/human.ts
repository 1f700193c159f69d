import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { EntitySummary } from '../summary';
import {
  campaignStatus,
  levelTitle,
  notAssessedText,
  scoreChange,
  scoreText,
  verdict,
} from './text';

/** Plain text for a pipeline's log. */
export function humanReport(
  model: ReadinessModel,
  summaries: EntitySummary[],
): string {
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`${s.entityRef}${s.title ? `  ${s.title}` : ''}`);
    const change = scoreChange(s);
    const was =
      s.before && s.before.level !== s.level
        ? ` (was ${levelTitle(model, s.before.level)})`
        : '';
    const target = s.target;
    // Why the entity has no level: on the gate line when there is one.
    const notAssessed = notAssessedText(s);
    lines.push(
      `  score ${scoreText(s.score)}${
        change ? ` (${change})` : ''
      }, level ${levelTitle(model, s.level)}${was}${
        notAssessed && !target ? ` (${notAssessed})` : ''
      }${s.stale ? ', stale: the catalog could not be reached' : ''}`,
    );
    if (target) {
      const level = levelTitle(model, target.levelId);
      const head = target.required
        ? `  ${level} required: ${verdict(s)}${
            notAssessed ? `; ${notAssessed}` : ''
          }`
        : `  next level ${level}`;
      lines.push(
        target.missing.length
          ? `${head}; missing ${target.missing.length} gate check(s):`
          : head,
      );
      for (const m of target.missing) {
        lines.push(`    - ${m.checkId}  ${m.title}  (${m.status})`);
      }
    }
    const campaign = s.campaign;
    if (campaign) {
      lines.push(
        `  campaign ${campaign.title} (deadline ${
          campaign.deadline
        }): ${campaignStatus(campaign.status)}${
          campaign.missing.length ? `; still needs:` : ''
        }`,
      );
      for (const m of campaign.missing) {
        lines.push(`    - ${m.checkId}  ${m.title}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
