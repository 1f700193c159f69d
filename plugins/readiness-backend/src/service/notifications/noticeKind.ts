import { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  EntityScorecard,
  NotificationsConfig,
  ReadinessExemption,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { NoticeKey } from '../../database/noticesSent';
import type { Campaign } from '@prodready/plugin-readiness-common';

/** One notification to send, and the key that makes it sent only once. */
export interface Notice {
  key: NoticeKey;
  /**
   * Entity refs of users and groups (the notifications backend expands
   * groups). None: nothing is sent or recorded, but the key stays recorded
   * if it was sent before (its condition still holds).
   */
  recipients: string[];
  /** Users left out of the recipients' groups: the requester of an exemption. */
  excluded?: string[];
  payload: NotificationPayload & { topic: string; scope: string };
}

/** What a kind of notice looks at: one entity, scored now. */
export interface NoticeSubject {
  scorecard: EntityScorecard;
  /** The campaigns that ask the entity, and whether it is done in each. */
  campaigns?: { campaign: Campaign; done: boolean }[];
  /**
   * The entity's level in the last snapshot before today (null: below the
   * lowest level); undefined when it has no line there.
   */
  previousLevel?: string | null;
  /**
   * The entity's open exemptions (whatever their decision date) and those
   * decided since `decidedSince` (the last 30 days).
   */
  exemptions?: ReadinessExemption[];
}

/** What every kind shares during one evaluation. */
export interface NoticeContext {
  model: ReadinessModel;
  config: NotificationsConfig;
  now: Date;
  /** The day of the snapshot `previousLevel` comes from, if there is one. */
  snapshotDay?: string;
}

/**
 * A kind of notice: which config key switches it, and which notices an
 * entity calls for now. Kinds are pure: the evaluation decides what was
 * sent already and sends the rest. A new kind (campaigns, exemptions) is a
 * module of its own listed in `noticeKinds.ts`.
 */
export interface NoticeKind {
  /** Stable id, the `kind` of its keys. */
  id: string;
  /** The notification's topic, which users can mute in their settings. */
  topic: string;
  /** Whether `readiness.notifications` has it on. */
  enabled(config: NotificationsConfig): boolean;
  /**
   * How long a sent notice that no complete pass finds is kept (ms);
   * without it, the first such pass forgets it, and the notice is sent
   * again when its condition comes back.
   */
  keptUnfoundFor?: number;
  evaluate(subject: NoticeSubject, context: NoticeContext): Notice[];
  /**
   * The instants (ms) at which the clock alone could change what
   * `evaluate` finds for the subject, besides the start of a UTC day (in
   * every evaluation key): an answer expiring at the time of day it was
   * given, say. The sweep evaluates the entity again at the first of them
   * after `context.now`; earlier ones are ignored.
   */
  changesAt?(subject: NoticeSubject, context: NoticeContext): number[];
}
