import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  NotificationsConfig,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { NoticeKey } from '../../database/noticesSent';
import type { Campaign } from '@prodready/plugin-readiness-common';
import { Notice, NoticeContext, NoticeKind } from './noticeKind';
import { NOTICE_KINDS } from './noticeKinds';
import { decidedSince } from './kinds/exemptionDecided';
import { fitTitle } from './noticeText';
import { scorePage, ScorePageDeps } from './scorePage';
import { ReadinessMetrics } from '../readinessMetrics';

/** Entities scored and evaluated together. */
const PAGE_SIZE = 100;

/** A notice an evaluation found, with the entity it is about. */
type FoundNotice = Notice & { entityRef: string };

const keyOf = (k: NoticeKey) => JSON.stringify([k.kind, k.scope, k.period]);

/** What one evaluation did. */
export interface SweepResult {
  entities: number;
  sent: number;
  /** Notices whose sending failed; they are tried again next time. */
  failed: number;
  /** Notices forgotten because their condition cleared. */
  cleared: number;
}

/**
 * Evaluates every kind of notice that is on for every scored entity, a
 * page at a time, and sends what was not sent before. Idempotent: what it
 * sends is recorded (kind, scope, period) only once sent, so running it
 * again sends nothing twice, and a failed send is tried again next time.
 * Notices it no longer finds are forgotten at the end of a pass that was
 * not stopped, so a condition that clears and comes back is sent again; a
 * page it could not evaluate keeps its entities' notices as they were.
 */
export class NotificationSweep {
  private readonly kinds: readonly NoticeKind[];

  constructor(
    private readonly deps: ScorePageDeps & {
      model: ReadinessModel;
      config: NotificationsConfig;
      notifications: NotificationService;
      logger: LoggerService;
      /** Counts the notices sent and failed, by kind. */
      metrics?: ReadinessMetrics;
      now?: () => Date;
      kinds?: readonly NoticeKind[];
      /** Entities evaluated together (default 100). */
      pageSize?: number;
      /** Every campaign (app-config and portal), for the campaign notices. */
      campaigns?: () => Promise<Campaign[]>;
      /** Records the ends of exemptions that ended (history, auditor) before evaluating. */
      recordExemptionEnds?: (now: Date) => Promise<unknown>;
    },
  ) {
    this.kinds = (deps.kinds ?? NOTICE_KINDS).filter(k =>
      k.enabled(deps.config),
    );
  }

  async run(options: { signal?: AbortSignal } = {}): Promise<SweepResult> {
    const { store, logger } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const checkedAt = now.toISOString();
    const result: SweepResult = { entities: 0, sent: 0, failed: 0, cleared: 0 };
    await this.deps.recordExemptionEnds?.(now);
    if (!this.kinds.length) return result;

    const snapshotDay = await store.snapshotDayOnOrBefore(
      new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
    );
    const context: NoticeContext = {
      model: this.deps.model,
      config: this.deps.config,
      now,
      snapshotDay,
    };
    // Once a pass, not once a page (1,000 pages at 100,000 entities). A
    // pass that cannot read them evaluates nothing, so forgets nothing.
    let campaigns: Map<string, Campaign>;
    try {
      campaigns = new Map(
        ((await this.deps.campaigns?.()) ?? []).map(c => [c.id, c]),
      );
    } catch (error) {
      logger.warn(
        `Readiness notices: the campaigns could not be read: ${error}`,
      );
      return result;
    }
    let stopped = false;
    const unevaluated: string[] = [];
    const pageSize = this.deps.pageSize ?? PAGE_SIZE;
    for await (const page of store.streamScorecards(pageSize)) {
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
      const refs = page.map(s => s.entityRef);
      try {
        const notices = await this.evaluatePage(refs, context, campaigns);
        await this.sendNew(notices, checkedAt, result);
        result.entities += refs.length;
      } catch (error) {
        // The page's notices stay as they were; the next pass tries again.
        unevaluated.push(...refs);
        logger.warn(
          `Readiness notices: a page could not be evaluated: ${error}`,
        );
      }
    }
    if (stopped) return result;
    // A page that fails every time must not keep the whole table from
    // being forgotten, or a condition elsewhere that clears and comes back
    // is never sent again.
    await store.keepNoticesOf(unevaluated, checkedAt);
    result.cleared = await this.forgetUnfound(now);
    return result;
  }

  /** Forgets the notices this complete pass did not find, each kind after its time. */
  private async forgetUnfound(now: Date): Promise<number> {
    const kindsBefore = new Map<string, string[]>();
    for (const kind of this.kinds) {
      const before = new Date(
        now.getTime() - (kind.keptUnfoundFor ?? 0),
      ).toISOString();
      kindsBefore.set(before, [...(kindsBefore.get(before) ?? []), kind.id]);
    }
    let cleared = 0;
    for (const [before, kinds] of kindsBefore) {
      cleared += await this.deps.store.deleteNoticesCheckedBefore(
        kinds,
        before,
      );
    }
    return cleared;
  }

  /** The notices a page of entities calls for now. */
  private async evaluatePage(
    refs: string[],
    context: NoticeContext,
    campaigns: ReadonlyMap<string, Campaign>,
  ): Promise<FoundNotice[]> {
    const scorecards = await scorePage(this.deps, refs, context.now);
    const campaignRows = campaigns.size
      ? await this.deps.store.campaigns.progress.getEntityRows(refs)
      : new Map<string, { campaignId: string; done: boolean }[]>();
    const previous = context.snapshotDay
      ? await this.deps.store.getEntityLevelsAsOf(context.snapshotDay, refs)
      : new Map<string, string | null>();
    const exemptions = await this.deps.store.getNoticeExemptions(
      refs,
      decidedSince(context.now),
    );
    return scorecards.flatMap(scorecard =>
      this.kinds.flatMap(kind =>
        kind
          .evaluate(
            {
              scorecard,
              previousLevel: previous.get(scorecard.entityRef),
              exemptions: exemptions.get(scorecard.entityRef),
              campaigns: (campaignRows.get(scorecard.entityRef) ?? []).flatMap(
                row => {
                  const campaign = campaigns.get(row.campaignId);
                  return campaign ? [{ campaign, done: row.done }] : [];
                },
              ),
            },
            context,
          )
          .map(notice => ({ ...notice, entityRef: scorecard.entityRef })),
      ),
    );
  }

  /**
   * Sends the notices not sent before, recording each as soon as it is
   * sent (a failed record sends that one notice again, not the page), and
   * keeps the others current. Counts into `result` as it goes.
   */
  private async sendNew(
    notices: FoundNotice[],
    checkedAt: string,
    result: SweepResult,
  ) {
    const { store, notifications, logger } = this.deps;
    const known = new Set(
      (await store.getSentNotices(notices.map(n => n.key))).map(keyOf),
    );
    const current = notices.filter(n => known.has(keyOf(n.key)));
    if (current.length) {
      await store.markNoticesCurrent(
        current.map(n => ({ ...n.key, entityRef: n.entityRef })),
        checkedAt,
      );
    }
    for (const notice of notices) {
      if (known.has(keyOf(notice.key))) continue;
      known.add(keyOf(notice.key));
      // Nobody to tell (a done campaign entity): kept above if known, not recorded.
      if (!notice.recipients.length) continue;
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: notice.recipients },
          payload: { ...notice.payload, title: fitTitle(notice.payload.title) },
        });
      } catch (error) {
        result.failed++;
        this.deps.metrics?.notificationSent(notice.key.kind, false);
        logger.warn(
          `Readiness could not send the notice ${notice.key.kind} ${notice.key.scope}: ${error}`,
        );
        continue;
      }
      result.sent++;
      this.deps.metrics?.notificationSent(notice.key.kind, true);
      await store.markNoticesCurrent(
        [{ ...notice.key, entityRef: notice.entityRef }],
        checkedAt,
      );
    }
  }
}
