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

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A summary for a pull-request comment. */
export function markdownReport(
  model: ReadinessModel,
  summaries: EntitySummary[],
): string {
  const required = summaries.find(s => s.target?.required)?.target?.levelId;
  const campaign = summaries.find(s => s.campaign)?.campaign;
  const head = ['Entity', 'Score', 'Level'];
  if (required) head.push(`${levelTitle(model, required)} required`);
  if (campaign) head.push(`Campaign: ${campaign.title} (${campaign.deadline})`);
  const out = [
    '### Production readiness',
    '',
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
  ];
  for (const s of summaries) {
    const change = scoreChange(s);
    const was =
      s.before && s.before.level !== s.level
        ? ` (was ${levelTitle(model, s.before.level)})`
        : '';
    const row = [
      `\`${s.entityRef}\``,
      `${scoreText(s.score)}${change ? ` (${change})` : ''}`,
      `${levelTitle(model, s.level)}${was}`,
    ];
    if (required) {
      const missing = s.target?.missing.length ?? 0;
      const notAssessed = notAssessedText(s);
      const reasons = notAssessed ? [notAssessed] : [];
      if (missing || !notAssessed) {
        reasons.push(`${missing} gate check(s) missing`);
      }
      row.push(
        verdict(s) === 'passed' ? '✅ passed' : `❌ ${reasons.join('; ')}`,
      );
    }
    if (campaign) {
      const status = s.campaign?.status ?? 'not-done';
      row.push(`${status === 'done' ? '✅' : '❌'} ${campaignStatus(status)}`);
    }
    out.push(`| ${row.map(cell).join(' | ')} |`);
  }
  for (const s of summaries) {
    if (!s.campaign?.missing.length) continue;
    out.push(
      '',
      `<details><summary>${cell(
        s.entityRef,
      )} still needs for the campaign</summary>`,
      '',
      ...s.campaign.missing.map(
        m => `- **${cell(m.title)}** (\`${m.checkId}\`)`,
      ),
      '',
      '</details>',
    );
  }
  for (const s of summaries) {
    if (!s.target?.missing.length) continue;
    out.push(
      '',
      `<details><summary>${cell(s.entityRef)} still needs for ${cell(
        levelTitle(model, s.target.levelId),
      )}</summary>`,
      '',
      ...s.target.missing.map(
        m => `- **${cell(m.title)}** (\`${m.checkId}\`): ${m.status}`,
      ),
      '',
      '</details>',
    );
  }
  return `${out.join('\n')}\n`;
}
