import { NoticeKind } from './noticeKind';
import { answerExpired } from './kinds/answerExpired';
import { answerExpiring } from './kinds/answerExpiring';
import { levelDrop } from './kinds/levelDrop';
import { roleHolderGone } from './kinds/roleHolderGone';
import { roleUnassigned } from './kinds/roleUnassigned';
import {
  campaignOverdue,
  campaignReminder,
  campaignStart,
} from './kinds/campaignNotices';
import { exemptionRequested } from './kinds/exemptionRequested';
import { exemptionDecided } from './kinds/exemptionDecided';
import { exemptionEnding } from './kinds/exemptionEnding';

/**
 * Every kind of notice the evaluation knows, each in a module of its own.
 * A new kind is added here and given its switch in `readiness.notifications`.
 */
export const NOTICE_KINDS: readonly NoticeKind[] = [
  answerExpiring,
  answerExpired,
  levelDrop,
  roleHolderGone,
  roleUnassigned,
  campaignStart,
  campaignReminder,
  campaignOverdue,
  exemptionRequested,
  exemptionDecided,
  exemptionEnding,
];
