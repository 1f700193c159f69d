import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  parseReadinessModelConfig,
  resolveSnapshotRetention,
  SnapshotRetention,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore } from './ReadinessStore';
import { pruneCampaigns } from './campaignRetention';

/**
 * How long snapshots and history are kept (`readiness.retention`). Without
 * `historyDays` the history is kept forever.
 */
export interface ReadinessRetention {
  snapshots: SnapshotRetention;
  historyDays?: number;
  /** Days after which a departed entity's records go; kept when absent. */
  departedDays?: number;
  /** Days an exemption that is over is kept; forever when absent. */
  exemptionDays?: number;
  /** Days a portal campaign is kept after its deadline; forever when absent. */
  campaignDays?: number;
}

/** Reads `readiness.retention` (and the deprecated `snapshotRetentionDays`). */
export function readRetention(raw: unknown): ReadinessRetention {
  const config = parseReadinessModelConfig(raw);
  const retention: ReadinessRetention = {
    snapshots: resolveSnapshotRetention(config),
  };
  // Each setting only when given: absent keeps those rows forever.
  for (const key of [
    'historyDays',
    'departedDays',
    'exemptionDays',
    'campaignDays',
  ] as const) {
    const days = config.retention?.[key];
    if (days !== undefined) retention[key] = days;
  }
  return retention;
}

const DAY_MS = 86400000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The day `days` days before `day`, both YYYY-MM-DD (UTC). */
export const daysBefore = (day: string, days: number) =>
  dayOf(dayMs(day) - days * DAY_MS);

/** The Monday of the ISO week `day` is in. */
export function isoWeekOf(day: string): string {
  const ms = dayMs(day);
  const fromMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return dayOf(ms - fromMonday * DAY_MS);
}

/**
 * The thinning rule. A snapshot day's age is how many days before `today` it
 * is. Up to `dailyDays` old every day is kept; up to `weeklyDays` old the
 * latest day of each ISO week (among the days of that week in this tier);
 * up to `monthlyDays` old the latest day of each calendar month (among the
 * days of that month in this tier); older days go. Grouping within a tier
 * makes it idempotent (a kept day stays the latest of its group) and never
 * empties a week or month as days move from one tier to the next.
 *
 * The latest day of a group is taken among its `complete` days (those a
 * full run wrote whole) when it has any: a day with only a write's lines
 * (a Sunday without full runs) would stand for the week with nearly
 * nothing in it.
 *
 * Returns the days of `days` to delete, oldest first.
 */
export function snapshotDaysToDelete(
  days: string[],
  today: string,
  policy: SnapshotRetention,
  complete: ReadonlySet<string> = new Set(days),
): string[] {
  const todayMs = dayMs(today);
  const groupOf = (day: string): string | undefined | null => {
    const age = Math.round((todayMs - dayMs(day)) / DAY_MS);
    if (age <= policy.dailyDays) return undefined;
    if (age <= policy.weeklyDays) return `week ${isoWeekOf(day)}`;
    if (age <= policy.monthlyDays) return `month ${day.slice(0, 7)}`;
    return null;
  };
  // Per group, the latest complete day, else the latest day.
  const latest = new Map<string, string>();
  const rank = (day: string) => `${complete.has(day) ? 1 : 0}${day}`;
  for (const day of days) {
    const group = groupOf(day);
    const kept = group && latest.get(group);
    if (group && (!kept || rank(kept) < rank(day))) latest.set(group, day);
  }
  return days
    .filter(day => {
      const group = groupOf(day);
      if (group === undefined) return false;
      return group === null || latest.get(group) !== day;
    })
    .sort();
}

export interface ThinningOptions {
  /** Days deleted per call at most; the rest goes at the next full run. */
  maxDays?: number;
}

/**
 * Thins the stored snapshots out to `policy` as of `now`. Each day is deleted
 * whole in its own transaction and statement, so an
 * `asOf` never lands on half a day. Returns how many days and rows went.
 */
export async function thinSnapshots(
  store: ReadinessStore,
  policy: SnapshotRetention,
  now: Date,
  { maxDays = 50 }: ThinningOptions = {},
): Promise<{ days: number; rows: number }> {
  const today = dayOf(now.getTime());
  const before = daysBefore(today, policy.dailyDays);
  const [candidates, complete] = await Promise.all([
    store.listSnapshotDaysBefore(before),
    store.listCompleteSnapshotDaysBefore(before),
  ]);
  const doomed = snapshotDaysToDelete(
    candidates,
    today,
    policy,
    new Set(complete),
  ).slice(0, maxDays);
  let rows = 0;
  for (const day of doomed) {
    rows += await store.deleteSnapshotDay(day);
  }
  return { days: doomed.length, rows };
}

/**
 * Deletes history entries older than `historyDays` (as of `now`), oldest
 * first, in batches of `batchSize` rows, at most `maxBatches` of them.
 */
export async function pruneHistory(
  store: ReadinessStore,
  historyDays: number | undefined,
  now: Date,
  { batchSize = 5000, maxBatches = 200 } = {},
): Promise<number> {
  if (historyDays === undefined) return 0;
  const cutoff = new Date(now.getTime() - historyDays * DAY_MS).toISOString();
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await store.deleteHistoryBefore(cutoff, batchSize);
    deleted += n;
    if (n < batchSize) break;
  }
  return deleted;
}

/**
 * Deletes the exemptions over for more than `exemptionDays` (as of `now`):
 * rejected before then, or ended (recorded) on a day before then; in
 * batches of `batchSize`, at most `maxBatches` of them a run. They are what
 * people recorded: the auditor hears of it (`exemption-retention`) before
 * the first batch goes, and how many went, also when a batch fails.
 */
export async function pruneExemptions(
  store: ReadinessStore,
  exemptionDays: number | undefined,
  now: Date,
  auditor?: AuditorService,
  { batchSize = 1000, maxBatches = 100 } = {},
): Promise<number> {
  if (exemptionDays === undefined) return 0;
  const cutoff = now.getTime() - exemptionDays * DAY_MS;
  const before = { at: new Date(cutoff).toISOString(), day: dayOf(cutoff) };
  let event: AuditorServiceEvent | undefined;
  let deleted = 0;
  try {
    for (let i = 0; i < maxBatches; i++) {
      const ids = await store.findExemptionsOver(before, batchSize);
      if (!ids.length) break;
      event ??= await auditor?.createEvent({
        eventId: 'exemption-retention',
        severityLevel: 'medium',
        meta: { exemptionDays, endedBefore: before.day },
      });
      deleted += await store.deleteExemptionsOver(ids, before);
      if (ids.length < batchSize) break;
    }
  } catch (error) {
    await event?.fail({ error: error as Error, meta: { deleted } });
    throw error;
  }
  await event?.success({ meta: { deleted } });
  return deleted;
}

/** How long the lock row of an entity not written since is kept. */
const LOCK_ROWS_KEPT_MS = DAY_MS;

/**
 * Deletes the kept details that no longer count (~16 KB each; after an
 * upgrade from before details were kept apart, one per entity), in batches
 * of `batchSize`, at most `maxBatches` of them a run.
 */
export async function pruneStaleDetails(
  store: ReadinessStore,
  { batchSize = 1000, maxBatches = 200 } = {},
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await store.deleteStaleDetails(batchSize);
    deleted += n;
    if (n < batchSize) break;
  }
  return deleted;
}

/**
 * The retention step of the full run: thins snapshots, prunes history,
 * exemptions that are over, portal campaigns long past their deadline and
 * lock rows, and, after a run that wrote scorecards (which leaves the
 * details kept for them stale), the details that no longer count; a run
 * with nothing changed does not look. What it deletes of what people
 * recorded (exemptions, campaigns) goes to the auditor.
 */
export async function applyRetention(
  store: ReadinessStore,
  retention: ReadinessRetention,
  now: Date,
  logger: LoggerService,
  run: {
    scorecardsWritten: number;
    auditor?: AuditorService;
    /** The ids of app-config's campaigns, which campaign retention leaves. */
    configuredCampaigns?: readonly string[];
  } = {
    scorecardsWritten: 0,
  },
): Promise<void> {
  try {
    const snapshots = await thinSnapshots(store, retention.snapshots, now);
    const history = await pruneHistory(store, retention.historyDays, now);
    const exemptions = await pruneExemptions(
      store,
      retention.exemptionDays,
      now,
      run.auditor,
    );
    const campaigns = await pruneCampaigns(
      store,
      retention.campaignDays,
      now,
      run.auditor,
      run.configuredCampaigns,
    );
    const details =
      run.scorecardsWritten > 0 ? await pruneStaleDetails(store) : 0;
    const locks = await store.deleteLocksBefore(
      new Date(now.getTime() - LOCK_ROWS_KEPT_MS).toISOString(),
    );
    if (
      snapshots.days > 0 ||
      history > 0 ||
      exemptions > 0 ||
      campaigns > 0 ||
      details > 0 ||
      locks > 0
    ) {
      logger.info(
        `Readiness retention: deleted ${snapshots.rows} snapshot rows of ${snapshots.days} days, ${history} history entries, ${exemptions} exemptions over, ${campaigns} campaigns past their deadline, ${details} scorecard details that no longer count, ${locks} lock rows`,
      );
    }
  } catch (error) {
    logger.warn(`Readiness retention could not finish: ${error}`);
  }
}

/** The retention of a computation given only the deprecated overall maximum. */
export const retentionOf = (
  snapshotRetentionDays: number | undefined,
): ReadinessRetention => ({
  snapshots: resolveSnapshotRetention({ snapshotRetentionDays }),
});
