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
import { targetProblem, TargetModel } from './campaignTarget';
import { warnOfBrokenCampaigns } from './campaignWarnings';

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
 * (after a full run, after a write, after a campaign changes).
 */
export class CampaignService {
  private readonly progress: CampaignProgress;

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
    const counts = await this.deps.store.campaigns.progress.getCounts(
      campaigns.map(c => c.id),
      groupRef,
    );
    const day = this.today();
    return campaigns.map(campaign => {
      const c = counts.get(campaign.id) ?? { total: 0, done: 0 };
      const progress = campaignCounts(c.total, c.done, campaign.deadline, day);
      return { ...campaign, progress, overdue: progress.overdue > 0 };
    });
  }

  /** Recomputes every campaign's progress and forgets that of campaigns gone (their history stays). */
  async recomputeAll() {
    await warnOfBrokenCampaigns(await this.list(), this.deps);
    await this.changeThenRecompute(async (tx, campaigns) => {
      await this.deps.store.campaigns.progress.deleteProgressExcept(
        campaigns.map(c => c.id),
        tx,
      );
      return campaigns;
    });
  }

  /**
   * Writes a portal campaign's definition (`write`), then computes its
   * progress from scratch. Should the computation fail once the definition
   * is stored, the next full run computes the progress.
   */
  async writeDefinition<T extends Campaign | null>(
    write: (tx: StoreTransaction) => Promise<T>,
  ): Promise<T> {
    let written: T | undefined;
    await this.changeThenRecompute(async tx => {
      written = await write(tx);
      return written ? [written] : [];
    });
    return written as T;
  }

  /** Throws the catalog's error when it cannot say which entities carry the tags the campaigns filter on. */
  assertTagsReadable(campaigns: Pick<Campaign, 'filter'>[]) {
    return this.progress.assertTagsReadable(campaigns);
  }

  /**
   * Runs `change` holding the progress lock, then recomputes the progress
   * of the campaigns it returns (as listed after it ran) a page of entities
   * at a time (see CampaignProgress.recompute): a write landing meanwhile
   * waits for one page, and a definition changed meanwhile is left to the
   * computation of its own change. Once `change` is stored, a computation
   * that fails is logged, not thrown: the change stands, and the next full
   * run computes the progress.
   */
  private async changeThenRecompute(
    change: (tx: StoreTransaction, listed: Campaign[]) => Promise<Campaign[]>,
  ) {
    const { store } = this.deps;
    const { campaigns, since } = await store.transaction(async tx => {
      await store.campaigns.progress.lock(tx);
      // Compared with when scorecards were computed: the system clock in a
      // portal (a test gives both services one clock); instances' clocks
      // differ by their skew, within which a write may be taken for one
      // before or after.
      const began = this.now().toISOString();
      const changed = new Set(
        (await change(tx, await this.list(tx))).map(c => c.id),
      );
      // As stored now: a definition never goes back to an older version.
      return {
        campaigns: (await this.list(tx)).filter(c => changed.has(c.id)),
        since: began,
      };
    });
    if (!campaigns.length) return;
    await this.progress
      .recompute(campaigns, this.now(), since, tx => this.list(tx))
      .catch(error =>
        this.deps.logger.warn(
          `Could not compute the progress of campaigns ${campaigns
            .map(c => c.id)
            .join(', ')}; the next full run computes it: ${error}`,
        ),
      );
  }

  /** Moves every campaign's progress by the entities a write scored again, in its transaction. */
  async applyWrite(
    tx: StoreTransaction,
    scorecards: EntityScorecard[],
    entities: Entity[],
  ) {
    // Before the definitions and rows are read: see changeThenRecompute.
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
