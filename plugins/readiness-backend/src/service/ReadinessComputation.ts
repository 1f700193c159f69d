import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  EntityScorecard,
  InheritableReadiness,
  OWNER_OUTSIDE_REASON_TEXT,
  OwnersOutsideGroups,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  RecordTable,
  StoreTransaction,
} from '../database/ReadinessStore';
import { runDepartedCheck } from './departedRecords';
import { rescoreChangedSince } from './changedDuringRun';
import { handsDown, inheritablesOf, scoringInputsOf } from './scoringInputs';
import { planRecompute } from './recomputePlan';
import { applyDeltas } from './applyDeltas';
import {
  applyRetention,
  ReadinessRetention,
  retentionOf,
} from '../database/snapshotRetention';
import { CatalogIndex, withEntityFields } from './catalogLookup';
import { indexRefs } from './catalogIndexReads';
import { FullRun } from './fullRun';
import { LastRunState } from './lastRunState';
import type { CampaignService } from './campaigns/CampaignService';

export { LAST_RUN_STATE } from './lastRunState';
export type { LastRunState } from './lastRunState';

/** Recomputations that found holders assigned meanwhile start again this often at most. */
const MAX_LOOKUP_ATTEMPTS = 3;

/** How {@link ReadinessComputation.recomputeMany} goes about it. */
export interface RecomputeOptions {
  /** Role holders the write assigns, looked up with the rest. */
  newHolders?: string[];
  /**
   * The record tables the write changes. A System's parts are scored with
   * it only when one is a table the System hands down
   * ({@link HANDED_DOWN_TABLES}): a System's pushed results or exemptions
   * change none of its parts. Without it (a catalog change), they are.
   */
  writes?: RecordTable | RecordTable[];
  /**
   * Leaves a System's parts to the freshness pass: a read that scores a
   * System changed in the catalog. The pass scores them with it within a
   * minute, as the System's recorded catalog facts are behind.
   */
  leavePartsToPass?: boolean;
}

/** What {@link ReadinessComputation.recomputeMany} returns. */
export interface RecomputeOutcome<T> {
  /** What `write` returned. */
  result: T;
  /** The new scorecard of every scored entity, by ref. */
  scorecards: Map<string, EntityScorecard>;
}

/**
 * Computes scorecards and rollups with the engine and stores them: the full
 * run over the whole catalog (scheduled), and the recomputation of one entity
 * and its ancestors right after a write. Catalog reads happen before a
 * transaction opens; transactions only touch the database.
 */
export class ReadinessComputation {
  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: ReadinessStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** Deprecated: the overall snapshot retention when `retention` is not given. */
      snapshotRetentionDays?: number;
      /** Snapshot thinning and history pruning (`readiness.retention`). */
      retention?: ReadinessRetention;
      /** Audits what retention deletes of what people recorded. */
      auditor?: AuditorService;
      /** The clock of full runs (answer expiry, snapshot day); the system clock by default. */
      now?: () => Date;
      /** Entities a full run scores and writes per transaction (500 by default). */
      fullRunPageSize?: number;
      /** Campaign progress, moved by every write and computed again after each full run. */
      campaigns?: Pick<
        CampaignService,
        'recomputeAll' | 'applyWrite' | 'takeProgressBasis' | 'configIds'
      >;
    },
  ) {}

  private serviceCredentials(): Promise<BackstageCredentials> {
    return this.deps.auth.getOwnServiceCredentials();
  }

  /** Scores a batch of entities inside a transaction, with their stored answers. */
  private async scoreBatch(
    tx: StoreTransaction,
    entities: Entity[],
    systems: Map<string, InheritableReadiness>,
    catalog: CatalogIndex,
    now: Date,
  ): Promise<EntityScorecard[]> {
    const inputs = await scoringInputsOf(
      this.deps.store,
      tx,
      entities,
      systems,
    );
    return inputs.map(input => this.deps.engine.score(input, { now, catalog }));
  }

  /**
   * Scores the whole catalog (only entities whose inputs changed) and
   * rebuilds every rollup and today's snapshot; see {@link FullRun}. Writes
   * that land while it runs are recomputed afterwards.
   */
  async runFull(options: { signal?: AbortSignal } = {}): Promise<LastRunState> {
    const { store, engine, catalog, logger } = this.deps;
    const startedAt = new Date();
    const watermark = await store.historyWatermark();
    const clock = () => this.deps.now?.() ?? new Date();
    // Before the run writes scorecards, which do not move campaign progress.
    const progressBasis = await this.deps.campaigns?.takeProgressBasis();
    const { state, readCatalog } = await new FullRun({
      engine,
      store,
      catalog,
      credentials: await this.serviceCredentials(),
      now: clock,
      pageSize: this.deps.fullRunPageSize,
      signal: options.signal,
    }).run(startedAt);
    if (!readCatalog) {
      logger.warn(
        `Readiness computation could not read the catalog; serving the last results as stale: ${state.error}`,
      );
      return state;
    }
    if (state.error) {
      logger.warn(
        `Readiness computation lost the catalog half-way; the pages read were scored and rolled up, the results are stale: ${state.error}`,
      );
    }
    const now = clock();
    const problems = state.hierarchyProblems ?? [];
    for (const problem of problems) {
      logger.warn(`Readiness rollup: ${problem}`);
    }
    const unlisted = (state.hierarchyProblemsTotal ?? 0) - problems.length;
    if (unlisted > 0) {
      logger.warn(
        `Readiness rollup: ${unlisted} more problems in the group hierarchy, not listed`,
      );
    }
    const outside = state.ownersOutsideGroups;
    if (outside?.entities) {
      logger.warn(`Readiness rollup: ${describeOwnersOutside(outside)}`);
    }

    const retention =
      this.deps.retention ?? retentionOf(this.deps.snapshotRetentionDays);
    await applyRetention(store, retention, now, logger, {
      scorecardsWritten: state.written ?? 0,
      auditor: this.deps.auditor,
      configuredCampaigns: this.deps.campaigns?.configIds(),
    });
    // Before the writes below, which move campaign progress by their deltas.
    // A run that kept its rollups changed nothing campaigns count either.
    try {
      await this.deps.campaigns?.recomputeAll({
        run: progressBasis,
        unlessCurrent: state.rollupsKept === true,
      });
    } catch (error) {
      logger.warn(`Could not compute campaign progress: ${error}`);
    }

    // Records written while the run read its inputs are scored again.
    await rescoreChangedSince(
      {
        store,
        catalog,
        logger,
        credentials: () => this.serviceCredentials(),
        recomputeMany: (entities, recompute) =>
          this.recomputeMany(entities, undefined, recompute),
      },
      watermark,
      options.signal,
    );
    // Last: the history of its purge is not for the rescoring above to read.
    if (retention.departedDays) {
      await runDepartedCheck(
        {
          store,
          catalog,
          logger,
          auditor: this.deps.auditor,
          credentials: () => this.serviceCredentials(),
        },
        retention.departedDays,
        now,
        options.signal,
      );
    }

    logger.info(
      `Readiness computed ${state.entities} scorecards (${
        state.rescored
      } scored again, the others' inputs unchanged) and ${
        state.rollups
      } rollups in ${Date.now() - startedAt.getTime()} ms`,
    );
    return state;
  }

  /**
   * Runs `write` and recomputes the entity (and, for a System, every part
   * that inherits from it) plus all their rollups, in one transaction. The
   * catalog is read before the transaction starts.
   */
  async recompute<T = void>(
    entity: Entity,
    write?: (tx: StoreTransaction) => Promise<T>,
    options?: RecomputeOptions,
  ): Promise<{ result: T; scorecard?: EntityScorecard }> {
    const { result, scorecards } = await this.recomputeMany(
      [entity],
      write,
      options,
    );
    return { result, scorecard: scorecards.get(entityRefOf(entity)) };
  }

  /**
   * Runs `write` and recomputes every given entity (for a System, also every
   * part that inherits from it) plus all their rollups, in ONE transaction:
   * all or nothing. The catalog is read before the transaction starts.
   *
   * Writers are serialised per entity: the transaction first takes the
   * locks of every entity it scores and of their Systems (sorted, so no two
   * writers wait on each other in a cycle), and only then runs `write` and
   * reads the answers, roles and results it scores from. `write` runs at
   * most once; if it throws, nothing is written.
   *
   * @returns what `write` returned, and the new scorecard of every scored
   *   entity by ref.
   */
  async recomputeMany<T = void>(
    entities: Entity[],
    write?: (tx: StoreTransaction) => Promise<T>,
    { newHolders = [], writes, leavePartsToPass }: RecomputeOptions = {},
  ): Promise<RecomputeOutcome<T>> {
    const { store, catalog } = this.deps;
    const credentials = await this.serviceCredentials();
    const plan = await planRecompute(
      this.deps.engine,
      this.deps.catalog,
      // A route reads the entity whole; scoring sees what a full run sees.
      entities.map(withEntityFields),
      credentials,
      {
        withParts: !leavePartsToPass && (!writes || handsDown(writes)),
      },
    );
    const systems = [...plan.systems.values()];
    const scored = [...plan.targets, ...systems].map(entityRefOf);

    // Everything the engine will ask of the catalog: owners and
    // dependencies, and role holders named in annotations or stored
    // assignments (with their sub-teams).
    const holders = new Set<string>(newHolders);
    for (const list of (await store.getRoles(scored)).values()) {
      for (const role of list) role.holders.forEach(h => holders.add(h));
    }
    for (const e of [...plan.targets, ...systems]) {
      for (const role of this.deps.engine.inheritableFrom(e).roles.values()) {
        role.holders.forEach(h => holders.add(h));
      }
    }

    for (let attempt = 1; ; attempt++) {
      const index = await indexRefs(catalog, credentials, {
        refs: plan.refs,
        holders,
      });
      const now = new Date();
      const outcome = await store.transaction<
        { unseen: Set<string> } | RecomputeOutcome<T>
      >(async tx => {
        await store.lockEntities(tx, plan.lockKeys);
        // Holders another writer assigned after the lookup above are not in
        // the index: look them up (outside the transaction) and start again,
        // before `write` runs. Our own write's holders are in newHolders.
        const unseen = new Set<string>();
        for (const list of (await store.getRoles(scored, tx)).values()) {
          for (const role of list) {
            for (const h of role.holders) if (!holders.has(h)) unseen.add(h);
          }
        }
        if (unseen.size && attempt < MAX_LOOKUP_ATTEMPTS) return { unseen };
        const result = write ? await write(tx) : (undefined as T);
        const inheritables = await inheritablesOf(
          this.deps.store,
          this.deps.engine,
          tx,
          systems,
        );
        const scorecards = await this.scoreBatch(
          tx,
          plan.targets,
          inheritables,
          index,
          now,
        );
        await applyDeltas(store, tx, scorecards, plan.targets, now);
        await this.deps.campaigns?.applyWrite(tx, scorecards, plan.targets);
        return {
          result,
          scorecards: new Map(scorecards.map(sc => [sc.entityRef, sc])),
        };
      });
      if (!('unseen' in outcome)) return outcome;
      outcome.unseen.forEach(h => holders.add(h));
    }
  }
}

/** One log line naming the first few owners whose entities no group counts. */
function describeOwnersOutside(outside: OwnersOutsideGroups): string {
  const named = outside.owners
    .slice(0, 5)
    .map(
      o =>
        `${o.owner ?? '(none)'} (${o.entities}, ${
          OWNER_OUTSIDE_REASON_TEXT[o.reason]
        })`,
    );
  const more = outside.ownersTotal - named.length;
  return `${
    outside.entities
  } entities count in no group's rollup, as their owner is not a group in the catalog: ${named.join(
    ', ',
  )}${more > 0 ? ` and ${more} more owners` : ''}`;
}
