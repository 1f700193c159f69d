import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  NotificationsConfig,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { NoticeKey } from '../../database/noticesSent';
import type {
  Campaign,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { Notice, NoticeContext, NoticeKind, NoticeSubject } from './noticeKind';
import { NOTICE_KINDS } from './noticeKinds';
import { decidedSince } from './kinds/exemptionDecided';
import { fitTitle } from './noticeText';
import { scorePage, ScorePageDeps } from './scorePage';
import {
  evaluationKeyOf,
  passKeyOf,
  ownRecordsKeyOf,
  settingsKeyOf,
} from './evaluationKeys';
import { HANDED_DOWN_TABLES, storedInputsOf } from '../scoringInputs';
import { recordsKeyOf } from '../inputFingerprint';
import { ReadinessMetrics } from '../readinessMetrics';

/** The day before `now`'s (UTC), YYYY-MM-DD. */
const dayBefore = (now: Date) =>
  new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** Entities scored and evaluated together. */
const PAGE_SIZE = 100;

/** A notice an evaluation found, with the entity it is about. */
type FoundNotice = Notice & { entityRef: string };

const keyOf = (k: NoticeKey) => JSON.stringify([k.kind, k.scope, k.period]);

/** What one evaluation did. */
export interface SweepResult {
  entities: number;
  /**
   * Entities read from the catalog and scored again; the others' inputs
   * were those of their last complete evaluation.
   */
  scored: number;
  sent: number;
  /** Notices whose sending failed; they are tried again next time. */
  failed: number;
  /** Notices forgotten because their condition cleared. */
  cleared: number;
}

/**
 * Evaluates every kind of notice that is on for every scored entity, a
 * page at a time, and sends what was not sent before. An entity whose
 * evaluation key ({@link evaluationKeyOf}) is that of its last complete
 * evaluation keeps the notices it recorded then, without being read from
 * the catalog or scored: in a pass after the day's first, only the
 * entities that changed. Idempotent: what it
 * sends is recorded (kind, scope, period) only once sent, so running it
 * again sends nothing twice, and a failed send is tried again next time.
 * Notices it no longer finds are forgotten at the end of a pass that was
 * not stopped, so a condition that clears and comes back is sent again; a
 * page it could not evaluate keeps its entities' notices as they were.
 */
export class NotificationSweep {
  private readonly kinds: readonly NoticeKind[];
  /** The model and configuration, in every evaluation key. */
  private readonly settingsKey: string;

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
    this.settingsKey = settingsKeyOf(deps.model, deps.config);
  }

  async run(options: { signal?: AbortSignal } = {}): Promise<SweepResult> {
    const { store, logger } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const checkedAt = now.toISOString();
    const result: SweepResult = {
      entities: 0,
      scored: 0,
      sent: 0,
      failed: 0,
      cleared: 0,
    };
    await this.deps.recordExemptionEnds?.(now);
    if (!this.kinds.length) return result;

    // The last complete day; an entity written since has its later line.
    const snapshotDay = await store.snapshotDayOnOrBefore(dayBefore(now));
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
    const passKey = passKeyOf({
      settings: this.settingsKey,
      now,
      snapshotDay,
      campaigns: campaigns.values(),
    });
    const unevaluated: string[] = [];
    const pageSize = this.deps.pageSize ?? PAGE_SIZE;
    for await (const page of store.streamScorecards(pageSize)) {
      if (options.signal?.aborted) break;
      const refs = page.map(s => s.entityRef);
      try {
        await this.sweepPage(
          page,
          { context, campaigns, passKey, signal: options.signal },
          result,
        );
        result.entities += refs.length;
      } catch (error) {
        // The page's notices stay as they were; the next pass tries again.
        unevaluated.push(...refs);
        logger.warn(
          `Readiness notices: a page could not be evaluated: ${error}`,
        );
      }
    }
    // Stopped, also during its last page: another instance's pass may be
    // under way, whose findings the end of this one would undo.
    if (options.signal?.aborted) return result;
    // A page that fails every time must not keep the whole table from
    // being forgotten, or a condition elsewhere that clears and comes back
    // is never sent again. Its notices are kept as they were, and found
    // again or not by its entities' next evaluation, which is in full.
    await store.noticeEvaluations.deleteKeys(unevaluated);
    await store.keepNoticesOf(unevaluated, checkedAt);
    // An entity gone takes its notices with it.
    await store.noticeEvaluations.deleteKeysOfGone();
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
    return this.deps.store.deleteUnfoundNotices(
      [...kindsBefore].map(([checkedBefore, kinds]) => ({
        kinds,
        checkedBefore,
      })),
    );
  }

  /**
   * One page: the entities whose evaluation key is that of their last
   * complete evaluation keep the notices they recorded; the others are
   * read, scored and evaluated, and those whose notices all went out keep
   * their new key.
   */
  private async sweepPage(
    page: ScorecardSummary[],
    pass: {
      context: NoticeContext;
      campaigns: ReadonlyMap<string, Campaign>;
      passKey: string;
      signal?: AbortSignal;
    },
    result: SweepResult,
  ) {
    const { store } = this.deps;
    const { context, campaigns, passKey, signal } = pass;
    const checkedAt = context.now.toISOString();
    const refs = page.map(s => s.entityRef);
    // The page is in ref order: one range scan of each record table. The
    // Systems' are what their parts inherit.
    const records = await storedInputsOf(store, {
      from: refs[0],
      to: refs[refs.length - 1],
    });
    const systemOf = new Map(page.map(s => [s.entityRef, s.system]));
    const systemRecords = await storedInputsOf(
      store,
      [...new Set(page.flatMap(s => (s.system ? [s.system] : [])))],
      HANDED_DOWN_TABLES,
    );
    const campaignRows = campaigns.size
      ? await store.campaigns.progress.getEntityRows(refs)
      : new Map<string, { campaignId: string; done: boolean }[]>();
    const previous = context.snapshotDay
      ? await store.getEntityLevelsAsOf(
          context.snapshotDay,
          refs,
          dayBefore(context.now),
        )
      : new Map<string, string | null>();
    const exemptions = await store.getNoticeExemptions(
      refs,
      decidedSince(context.now),
    );
    const stored = await store.noticeEvaluations.getEvaluations(refs);
    const keys = new Map<string, string>();
    const unchanged = new Set<string>();
    for (const [ref, evaluation] of stored) {
      const system = systemOf.get(ref);
      const key = evaluationKeyOf(passKey, {
        fingerprint: evaluation.fingerprint,
        records: ownRecordsKeyOf(records, ref),
        systemRecords:
          system &&
          recordsKeyOf(
            systemRecords.answers.get(system),
            systemRecords.roles.get(system),
            systemRecords.costs.get(system),
          ),
        campaigns: campaignRows.get(ref),
        previousLevel: previous.get(ref),
        exemptions: exemptions.get(ref),
      });
      const clockMoved =
        evaluation.validUntil !== undefined &&
        checkedAt >= evaluation.validUntil;
      // What its last evaluation found stays current while its key is kept.
      if (key === evaluation.key && !clockMoved) unchanged.add(ref);
      else keys.set(ref, key);
    }
    // Gone from the table since the page was read: scored as before, the
    // catalog decides.
    const toScore = refs.filter(ref => !unchanged.has(ref));
    if (!toScore.length) return;
    // Evaluated again, each gets a new key or none (below): the notices
    // its last evaluation found are current only if found again.
    const scorecards = await scorePage(this.deps, toScore, context.now);
    result.scored += scorecards.length;
    const subjects = scorecards.map(
      (scorecard): NoticeSubject => ({
        scorecard,
        previousLevel: previous.get(scorecard.entityRef),
        exemptions: exemptions.get(scorecard.entityRef),
        campaigns: (campaignRows.get(scorecard.entityRef) ?? []).flatMap(
          row => {
            const campaign = campaigns.get(row.campaignId);
            return campaign ? [{ campaign, done: row.done }] : [];
          },
        ),
      }),
    );
    const notices = subjects.flatMap(subject =>
      this.kinds.flatMap(kind =>
        kind.evaluate(subject, context).map(notice => ({
          ...notice,
          entityRef: subject.scorecard.entityRef,
        })),
      ),
    );
    const failed = await this.sendNew(notices, checkedAt, result, signal);
    // Stopped (the scheduler's timeout): another instance's pass may have
    // started; this page counts as not evaluated.
    signal?.throwIfAborted();
    // Those found again are recorded at `checkedAt` now. The others that
    // the old key held were not written while it was kept: their time
    // unfound starts now, not at their entity's evaluation before.
    await store.restartUnfoundTime(
      subjects.map(subject => subject.scorecard.entityRef),
      this.kinds.filter(kind => kind.keptUnfoundFor).map(kind => kind.id),
      checkedAt,
    );
    // An entity whose notice did not go out, or that the catalog no longer
    // has, is evaluated again next time.
    const complete = new Map<string, { key: string; validUntil?: string }>();
    for (const subject of subjects) {
      const { entityRef } = subject.scorecard;
      const key = keys.get(entityRef);
      if (!key || failed.has(entityRef)) continue;
      complete.set(entityRef, {
        key,
        validUntil: this.clockChangeOf(subject, context),
      });
    }
    await store.noticeEvaluations.putKeys(complete, checkedAt);
    await store.noticeEvaluations.deleteKeys(
      toScore.filter(ref => !complete.has(ref)),
    );
  }

  /**
   * The first instant (ISO) after `context.now` at which the clock alone
   * could change the subject's notices, besides the start of a UTC day
   * (the day is in its key); undefined when none.
   */
  private clockChangeOf(
    subject: NoticeSubject,
    context: NoticeContext,
  ): string | undefined {
    const now = context.now.getTime();
    let first = Infinity;
    for (const kind of this.kinds) {
      for (const at of kind.changesAt?.(subject, context) ?? []) {
        if (at > now && at < first) first = at;
      }
    }
    return first === Infinity ? undefined : new Date(first).toISOString();
  }

  /**
   * Sends the notices not sent before, recording each as soon as it is
   * sent (a failed record sends that one notice again, not the page), and
   * keeps the others current. Counts into `result` as it goes; returns
   * the entities a notice of which could not be sent.
   */
  private async sendNew(
    notices: FoundNotice[],
    checkedAt: string,
    result: SweepResult,
    signal?: AbortSignal,
  ): Promise<Set<string>> {
    const { store, notifications, logger } = this.deps;
    const failed = new Set<string>();
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
      // Stopped: another instance's pass may be sending the same notices.
      signal?.throwIfAborted();
      try {
        await notifications.send({
          recipients: {
            type: 'entity',
            entityRef: notice.recipients,
            ...(notice.excluded && { excludeEntityRef: notice.excluded }),
          },
          payload: { ...notice.payload, title: fitTitle(notice.payload.title) },
        });
      } catch (error) {
        result.failed++;
        failed.add(notice.entityRef);
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
    return failed;
  }
}
