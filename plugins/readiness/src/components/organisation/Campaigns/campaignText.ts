import {
  Campaign,
  CampaignCounts,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { daysUntil, formatDay } from '../../../lib/format';

/** `Silver`, or `3 checks: Backups, …` in words a reader knows. */
export function describeTarget(
  campaign: Pick<Campaign, 'target'>,
  model: Pick<ReadinessModel, 'levels' | 'checks'>,
): string {
  const { level, checks = [] } = campaign.target;
  if (level) {
    return `Level ${model.levels.find(l => l.id === level)?.title ?? level}`;
  }
  const titles = checks.map(
    id => model.checks.find(c => c.id === id)?.title ?? id,
  );
  return checks.length === 1
    ? titles[0]
    : `${checks.length} checks: ${titles.join(', ')}`;
}

/** `Due 31 Dec 2026 (30 days left)`, `Overdue since 30 Nov 2026`, or `Ended 30 Nov 2026` when done. */
export function describeDeadline(
  deadline: string,
  counts: CampaignCounts,
  now: Date,
): string {
  const days = daysUntil(deadline, now);
  if (days < 0) {
    return counts.done < counts.total
      ? `Overdue since ${formatDay(deadline)}`
      : `Ended ${formatDay(deadline)}`;
  }
  return `Due ${formatDay(deadline)} (${
    days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} left`
  })`;
}
