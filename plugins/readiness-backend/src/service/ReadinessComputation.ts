import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  computeRollups,
  entityRefOf,
  EntityScorecard,
  InheritableReadiness,
  ReadinessEngine,
  RollupMember,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  ScorecardRowInput,
  SnapshotEntity,
  StoreTransaction,
} from '../database/ReadinessStore';
import { toScorecardRow } from './scorecardRow';
import { inheritablesOf, scoringInputsOf } from './scoringInputs';
import { planRecompute } from './recomputePlan';
import { InputFingerprints } from './inputFingerprint';
import { applyDeltas, snapshotOf, today } from './applyDeltas';
import {
  applyRetention,
  ReadinessRetention,
  retentionOf,
} from '../database/snapshotRetention';
import {
  CatalogIndex,
  ENTITY_FIELDS,
  indexRefs,
  structureOf,
} from './catalogLookup';

/** State key of the last full computation. */
export const LAST_RUN_STATE = 'last-full-run';

/** What the last full computation did, kept in the state table. */
export interface LastRunState {
  startedAt: string;
  finishedAt?: string;
  entities?: number;
  /** Scorecards that changed and were rewritten. */
  written?: number;
  /** Entities scored because their input fingerprint changed (the others kept their scorecard). */
  rescored?: number;
  /** Scorecards of entities gone from the catalog. */
  removed?: number;
  rollups?: number;
  /** Time spent reading the catalog, and in the database transaction. */
  catalogReadMs?: number;
  transactionMs?: number;
  /** The day whose snapshot the last run completed. */
  snapshotDay?: string;
  hierarchyProblems?: string[];
  /** Set while the catalog cannot be read; results are then stale. */
  catalogUnreachableSince?: string;
  error?: string;
}

/** Recomputations that found holders assigned meanwhile start again this often at most. */
const MAX_LOOKUP_ATTEMPTS = 3;

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
      /** The clock of full runs (answer expiry, snapshot day); the system clock by default. */
      now?: () => Date;
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
   * Reads the whole catalog in pages, scores every entity a check applies to,
   * and replaces the stored scorecards, rollups and today's snapshot in one
   * transaction. Writes that land while it runs are recomputed afterwards.
   */
  async runFull(): Promise<LastRunState> {
    const { store, engine, catalog, logger } = this.deps;
    const startedAt = new Date();
    const previous = await store.getState<LastRunState>(LAST_RUN_STATE);
    const watermark = await store.historyWatermark();

    const index = new CatalogIndex();
    const scorable: Entity[] = [];
    const structural: Entity[] = [];
    const systems: Entity[] = [];
    try {
      const credentials = await this.serviceCredentials();
      for await (const page of catalog.streamEntities(
        { fields: ENTITY_FIELDS, pageSize: 1000 },
        { credentials },
      )) {
        for (const entity of page) {
          index.add(entity);
          const kind = entity.kind.toLowerCase();
          if (kind === 'group' || kind === 'system' || kind === 'domain')
            structural.push(entity);
          if (kind === 'system') systems.push(entity);
          if (engine.appliesTo(kind)) scorable.push(entity);
        }
      }
    } catch (error) {
      const state: LastRunState = {
        ...previous,
        startedAt: previous?.startedAt ?? startedAt.toISOString(),
        catalogUnreachableSince:
          previous?.catalogUnreachableSince ?? startedAt.toISOString(),
        error: String(error),
      };
      await store.setState(LAST_RUN_STATE, state);
      logger.warn(
        `Readiness computation could not read the catalog; serving the last results as stale: ${error}`,
      );
      return state;
    }

    const now = this.deps.now?.() ?? new Date();
    const transactionStart = Date.now();
    const catalogReadMs = transactionStart - startedAt.getTime();
    const computedAt = now.toISOString();
    const structure = structureOf(structural);
    const day = today(now);
    // Today's snapshot is written whole by the day's first run; later runs
    // only touch the entities whose scorecard changed.
    const fullSnapshot = previous?.snapshotDay !== day;
    const state = await store.transaction(async tx => {
      const inheritables = await inheritablesOf(
        this.deps.store,
        this.deps.engine,
        tx,
        systems,
      );
      const stored = await store.getScorecardInputs(tx);
      const fingerprints = new InputFingerprints(engine, index, now);
      const members: RollupMember[] = [];
      const snapshotRows: SnapshotEntity[] = [];
      let written = 0;
      let rescored = 0;
      for (let i = 0; i < scorable.length; i += 500) {
        const batch = scorable.slice(i, i + 500);
        const inputs = await scoringInputsOf(
          this.deps.store,
          tx,
          batch,
          inheritables,
        );
        const changed: ScorecardRowInput[] = [];
        for (const input of inputs) {
          const ref = entityRefOf(input.entity);
          const inputFingerprint = fingerprints.of(input);
          const previousRow = stored.get(ref);
          stored.delete(ref);
          // Inputs unchanged: the stored scorecard is what scoring would give.
          if (
            previousRow &&
            previousRow.inputFingerprint === inputFingerprint
          ) {
            members.push(previousRow.member);
            if (fullSnapshot) snapshotRows.push(previousRow.snapshot);
            continue;
          }
          rescored++;
          const scorecard = engine.score(input, { now, catalog: index });
          const row = {
            ...toScorecardRow(scorecard, input.entity.metadata.etag),
            inputFingerprint,
          };
          members.push(row.member);
          // Rewritten even when only the input fingerprint is new.
          changed.push(row);
          const unchanged = previousRow?.fingerprint === row.fingerprint;
          if (!unchanged || fullSnapshot) {
            snapshotRows.push(snapshotOf(scorecard));
          }
        }
        await store.putScorecards(tx, changed);
        written += changed.length;
      }
      // What is left was scored before but is gone from the catalog.
      await store.deleteScorecards(tx, [...stored.keys()]);
      const { rollups, problems } = computeRollups(members, structure);
      await store.putRollups(tx, rollups, computedAt);
      await store.deleteRollupsComputedBefore(tx, computedAt);
      await store.putSnapshots(tx, day, snapshotRows, rollups);
      const result: LastRunState = {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        catalogReadMs,
        transactionMs: Date.now() - transactionStart,
        entities: members.length,
        written,
        rescored,
        removed: stored.size,
        rollups: rollups.length,
        snapshotDay: day,
        hierarchyProblems: problems.map(p => p.message),
      };
      await store.setState(LAST_RUN_STATE, result, tx);
      return result;
    });
    for (const problem of state.hierarchyProblems ?? []) {
      logger.warn(`Readiness rollup: ${problem}`);
    }

    await applyRetention(
      store,
      this.deps.retention ?? retentionOf(this.deps.snapshotRetentionDays),
      now,
      logger,
    );

    // Answers written while the run read its inputs are recomputed on their own.
    for (const ref of await store.entitiesChangedSince(watermark)) {
      try {
        const entity = await catalog.getEntityByRef(ref, {
          credentials: await this.serviceCredentials(),
        });
        if (entity) await this.recompute(entity);
      } catch (error) {
        logger.warn(`Could not recompute ${ref} after the full run: ${error}`);
      }
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
    newHolders: string[] = [],
  ): Promise<{ result: T; scorecard?: EntityScorecard }> {
    const { result, scorecards } = await this.recomputeMany(
      [entity],
      write,
      newHolders,
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
    newHolders: string[] = [],
  ): Promise<RecomputeOutcome<T>> {
    const { store, catalog } = this.deps;
    const credentials = await this.serviceCredentials();
    const plan = await planRecompute(
      this.deps.engine,
      this.deps.catalog,
      entities,
      credentials,
    );
    const systems = [...plan.systems.values()];
    const scored = [...plan.targets, ...systems].map(entityRefOf);

    // Everything the engine will ask of the catalog: owners, dependencies and
    // role holders named in annotations or stored assignments.
    const lookups = new Set<string>([...plan.refs, ...newHolders]);
    for (const list of (await store.getRoles(scored)).values()) {
      for (const role of list) role.holders.forEach(h => lookups.add(h));
    }
    for (const e of [...plan.targets, ...systems]) {
      for (const role of this.deps.engine.inheritableFrom(e).roles.values()) {
        role.holders.forEach(h => lookups.add(h));
      }
    }

    for (let attempt = 1; ; attempt++) {
      const index = await indexRefs(catalog, credentials, [...lookups]);
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
            for (const h of role.holders) if (!lookups.has(h)) unseen.add(h);
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
        return {
          result,
          scorecards: new Map(scorecards.map(sc => [sc.entityRef, sc])),
        };
      });
      if (!('unseen' in outcome)) return outcome;
      outcome.unseen.forEach(h => lookups.add(h));
    }
  }

  /**
   * What recomputing `entities` needs, read from the catalog before any
   * transaction: the entities to score, the Systems they inherit from, the
   * refs their scorecards depend on, and the keys of the locks to take.
   */
}
