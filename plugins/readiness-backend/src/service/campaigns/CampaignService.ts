import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Campaign,
  campaignCounts,
  CampaignTarget,
  CampaignSummary,
  EntityScorecard,
  ReadinessModel,
  ReadinessModelConfig,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  StoreTransaction,
} from '../../database/ReadinessStore';
import { today } from '../applyDeltas';
import { CampaignProgress } from './campaignProgress';
import { MarkedCampaigns, sameProgressBasis } from './progressFromScratch';
import { tagsWanted } from './campaignRows';
import { targetProblem, TargetModel } from './campaignTarget';
import { warnOfBrokenCampaigns } from './campaignWarnings';
import { ProgressBasis, TakenBasis } from './progressBasis';

/** The id of the scheduled task that computes the progress of campaigns marked pending. */
export const CAMPAIGN_PROGRESS_TASK_ID = 'readiness-campaign-progress';

/**
 * Passes of one run of the campaign progress task: each computes the
 * campaigns pending when it starts, a later one those changed meanwhile.
 */
const PENDING_PASSES = 3;

/** The campaigns of `readiness.campaigns`, read-only. */
export function configCampaigns(
  config: ReadinessModelConfig['campaigns'],
  model: TargetModel,
): Campaign[] {
  return (config ?? []).map((c, i) => {
    const problem = targetProblem(c.target, model);
    if (problem) {
      throw new Error(`Invalid readiness.campaigns.${i}.${problem}`);
    }
    return {
      ...c,
      filter: c.filter ?? {},
      startDate: c.startDate,
      source: 'config',
      version: 0,
    };
  });
}

/**
 * Campaigns from app-config and from the portal, listed together, with
 * their precomputed progress; and the hooks that keep the progress current
 * (after a full run, after a write, and by the campaign progress task after
 * a campaign changes).
 */
export class CampaignService {
  private readonly progress: CampaignProgress;
  private readonly basis: ProgressBasis;

  constructor(
    private readonly deps: {
      store: ReadinessStore;
      catalog: CatalogService;
      model: Pick<ReadinessModel, 'levels' | 'checks'>;
      credentials: () => Promise<BackstageCredentials>;
      fromConfig: Campaign[];
      logger: LoggerService;
      /**
       * The clock of deadlines, burn-up days and of when a computation from
       * scratch begins (compared with when scorecards were computed, on the
       * system clock in a portal); the system clock by default.
       */
      now?: () => Date;
      /** Entities per transaction of a computation from scratch; 1,000 by default. */
      progressPageSize?: number;
    },
  ) {
    this.progress = new CampaignProgress(deps, deps.progressPageSize);
    this.basis = new ProgressBasis(deps.store);
  }

  /** At a full run's start, before it writes: see {@link ProgressBasis}. */
  takeProgressBasis(): Promise<TakenBasis> {
    return this.basis.take();
  }

  /** What is wrong with a target in this model; undefined when nothing. */
  targetProblem(target: CampaignTarget) {
    return targetProblem(target, this.deps.model);
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  today(): string {
    return today(this.now());
  }

  /** The ids of app-config's campaigns. */
  configIds(): string[] {
    return this.deps.fromConfig.map(c => c.id);
  }

  /** Whether `id` is a campaign of app-config (read-only). */
  isFromConfig(id: string): boolean {
    return this.deps.fromConfig.some(c => c.id === id);
  }

  /** Every campaign, those of app-config first, each list by deadline. */
  async list(tx?: StoreTransaction): Promise<Campaign[]> {
    const stored = await this.deps.store.campaigns.definitions.listCampaigns(
      tx,
    );
    const byDeadline = (a: Campaign, b: Campaign) =>
      a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id);
    return [
      ...[...this.deps.fromConfig].sort(byDeadline),
      ...stored.sort(byDeadline),
    ];
  }

  async get(id: string): Promise<Campaign | undefined> {
    return (
      this.deps.fromConfig.find(c => c.id === id) ??
      (await this.deps.store.campaigns.definitions.getCampaign(id))
    );
  }

  /** The campaigns with their progress, for the whole campaign or one group's part. */
  async summaries(
    campaigns: Campaign[],
    groupRef?: string,
  ): Promise<CampaignSummary[]> {
    const { progress: rows, definitions } = this.deps.store.campaigns;
    // The marks first: the computation clears a mark in the transaction
    // that writes the counts, so counts read after a cleared mark are new.
    const pending = await definitions.progressMarks(
      campaigns.filter(c => c.source === 'portal').map(c => c.id),
    );
    const counts = await rows.getCounts(
      campaigns.map(c => c.id),
      groupRef,
    );
    const day = this.today();
    return campaigns.map(campaign => {
      const c = counts.get(campaign.id) ?? { total: 0, done: 0 };
      const progress: CampaignSummary['progress'] = campaignCounts(
        c.total,
        c.done,
        campaign.deadline,
        day,
      );
      if (pending.has(campaign.id)) progress.pending = true;
      return { ...campaign, progress, overdue: progress.overdue > 0 };
    });
  }

  /**
   * Recomputes every campaign's progress and forgets that of campaigns gone
   * (their history stays). After a full run (`run`, the basis it took) that
   * wrote no scorecard, lost no entity and found the group tree as it was
   * (`unlessCurrent`), nothing is computed when the campaigns are those of
   * the last complete computation and nothing else took the basis since:
   * every change since came through writes, which moved the progress by
   * their deltas ({@link ProgressBasis}).
   */
  async recomputeAll(
    options: { run?: TakenBasis; unlessCurrent?: boolean } = {},
  ) {
    const { logger } = this.deps;
    const listed = await this.list();
    await warnOfBrokenCampaigns(listed, this.deps);
    if (
      options.unlessCurrent &&
      options.run &&
      (await this.basis.putBack(options.run, listed))
    ) {
      return;
    }
    // A computation that fails half-way leaves no basis: the next full
    // run computes again even if it changed nothing.
    const token = await this.basis.begin(options.run);
    const began = await this.underLock(async (tx, { campaigns }) => {
      await this.deps.store.campaigns.progress.deleteProgressExcept(
        campaigns.map(c => c.id),
        tx,
      );
      return campaigns;
    });
    const failures = await this.recomputeApart(began);
    if (!failures.length) {
      await this.basis.complete(token, began.campaigns);
    }
    for (const { campaigns, error } of failures) {
      logger.warn(
        `Could not compute the progress of campaigns ${campaigns
          .map(c => c.id)
          .join(', ')}; the next full run computes it: ${error}`,
      );
    }
  }

  /**
   * {@link recompute}, those that filter on tags (which need the catalog)
   * apart from the others, so that a catalog that cannot answer holds back
   * only them; what failed, and why.
   */
  private async recomputeApart(
    began: MarkedCampaigns & { since: string },
    signal?: AbortSignal,
  ): Promise<{ campaigns: readonly Campaign[]; error: unknown }[]> {
    const tagged = began.campaigns.filter(c => tagsWanted([c]).length);
    const others = began.campaigns.filter(c => !tagged.includes(c));
    const failures: { campaigns: readonly Campaign[]; error: unknown }[] = [];
    for (const campaigns of [others, tagged]) {
      if (!campaigns.length) continue;
      // Aborted: the rest stay pending, their rows untouched.
      if (signal?.aborted) {
        failures.push({ campaigns, error: signal.reason });
        continue;
      }
      await this.recompute({ ...began, campaigns }, signal).catch(error =>
        failures.push({ campaigns, error }),
      );
    }
    return failures;
  }

  /**
   * Writes a portal campaign's definition (`write`). When it is new, or asks
   * other entities or another target than before, its progress is marked
   * pending in the same transaction: the campaign progress task computes it
   * ({@link computePending}), not the request, which at 100,000 entities
   * would wait seconds for it.
   */
  async writeDefinition<T extends Campaign | null>(
    write: (tx: StoreTransaction) => Promise<T>,
  ): Promise<T> {
    const { store } = this.deps;
    return store.transaction(async tx => {
      // Under the lock a computation reads definitions under: it sees this
      // change whole or not at all.
      await store.campaigns.progress.lock(tx);
      const before = await this.list(tx);
      const written = await write(tx);
      const was = written && before.find(c => c.id === written.id);
      if (written && !(was && sameProgressBasis(was, written))) {
        await store.campaigns.definitions.markProgressPending(tx, [written.id]);
      }
      return written;
    });
  }

  /**
   * Computes the progress of the campaigns marked pending, a page of
   * entities at a time (see CampaignProgress.recompute), then of those
   * marked meanwhile, in at most {@link PENDING_PASSES} passes: the body
   * of the campaign progress task. A failure, or `signal` aborting (the
   * task's timeout, a cancel) before a page, is thrown to the task; the
   * campaigns stay marked, for its next run.
   */
  async computePending(signal?: AbortSignal) {
    const { definitions } = this.deps.store.campaigns;
    for (let pass = 0; pass < PENDING_PASSES; pass++) {
      // Nothing pending, no lock: the task runs every minute.
      if (!(await definitions.progressMarks()).size) return;
      const began = await this.underLock(async (_tx, stored) =>
        stored.campaigns.filter(c => stored.marks.has(c.id)),
      );
      if (!began.campaigns.length) return;
      await warnOfBrokenCampaigns([...began.campaigns], this.deps);
      const failures = await this.recomputeApart(began, signal);
      if (failures.length) throw failures[0].error;
    }
  }

  /** Throws the catalog's error when it cannot say which entities carry the tags the campaigns filter on. */
  assertTagsReadable(campaigns: Pick<Campaign, 'filter'>[]) {
    return this.progress.assertTagsReadable(campaigns);
  }

  /**
   * The campaigns `choose` picks from every campaign as stored (with the
   * marks of those pending), read once holding the progress lock, and the
   * instant the computation of their progress begins.
   */
  private async underLock(
    choose: (
      tx: StoreTransaction,
      stored: MarkedCampaigns,
    ) => Promise<readonly Campaign[]>,
  ): Promise<MarkedCampaigns & { since: string }> {
    const { store } = this.deps;
    return store.transaction(async tx => {
      await store.campaigns.progress.lock(tx);
      // Compared with when scorecards were computed: the system clock in a
      // portal (a test gives both services one clock); instances' clocks
      // differ by their skew, within which a write may be taken for one
      // before or after.
      const since = this.now().toISOString();
      const stored = await this.marked(tx);
      return { ...stored, campaigns: await choose(tx, stored), since };
    });
  }

  /** Every campaign, and the marks of those whose progress is pending. */
  private async marked(tx: StoreTransaction): Promise<MarkedCampaigns> {
    return {
      campaigns: await this.list(tx),
      marks: await this.deps.store.campaigns.definitions.progressMarks(
        undefined,
        tx,
      ),
    };
  }

  /**
   * Recomputes the progress of the campaigns `began` lists from every
   * stored scorecard, a page of entities at a time: a write landing
   * meanwhile waits for one page, and a campaign changed or marked anew
   * meanwhile is left to a later computation (it stays pending).
   */
  private async recompute(
    began: MarkedCampaigns & { since: string },
    signal?: AbortSignal,
  ) {
    if (!began.campaigns.length) return;
    await this.progress.recompute(
      began,
      () => this.now(),
      began.since,
      tx => this.marked(tx),
      signal,
    );
  }

  /** Moves every campaign's progress by the entities a write scored again, in its transaction. */
  async applyWrite(
    tx: StoreTransaction,
    scorecards: EntityScorecard[],
    entities: Entity[],
  ) {
    // Before the definitions and rows are read: see underLock.
    await this.deps.store.campaigns.progress.lock(tx);
    const campaigns = await this.list(tx);
    await this.progress.applyWrite(
      tx,
      campaigns,
      scorecards,
      entities,
      this.now(),
    );
  }
}
