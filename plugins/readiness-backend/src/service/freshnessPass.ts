import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { CatalogFacts, ReadinessStore } from '../database/ReadinessStore';
import type { CatalogFactsStore } from '../database/CatalogFactsStore';
import { ENTITY_FIELDS } from './catalogLookup';
import { catalogFactsOf, compareFacts } from './catalogFacts';
import { FullRunLedger, FullRunStatus } from './fullRunLedger';
import { PassState } from './freshnessPassState';
import { compareWithStored } from './freshnessCompare';
import { ReadinessComputation } from './ReadinessComputation';

/**
 * Refs and etags per catalog page. Each page is a query of its own, which
 * with the kind filter costs the catalog's PostgreSQL about as much for
 * 1,000 entities as for 2,500: streaming 12,000 took it 0.75–0.9 s in
 * pages of 1,000, 0.30–0.38 s in pages of 2,500. Pages of 5,000 saved it
 * little more and cost the catalog's own process more CPU.
 */
const PAGE_SIZE = 2500;
/** Changed entities fetched, and scored in one all-or-nothing recomputation, together. */
const BATCH_SIZE = 100;
/** More changed entities than this are scored faster by the full run. */
const MAX_SCORED = 1000;

/** What one freshness pass did. */
export interface FreshnessPassResult {
  /** Entities compared: every catalog entity but the users. */
  entities: number;
  /** Entities whose etag differs from the one scored or recorded. */
  changed: number;
  /** Scorecards computed again (parts of changed Systems and dependants included). */
  recomputed: number;
  /** Why the pass asked for a full run (the first few), and how many reasons there were. */
  fullRunReasons: string[];
  fullRunReasonCount: number;
  /** A full run is asked for, by this pass or an earlier one, and has not run since. */
  fullRunNeeded: boolean;
  /** The pass stopped early (out of time, or a failure); the next one takes up the rest. */
  incomplete: boolean;
  catalogReadMs: number;
  durationMs: number;
  /** Set when the catalog could not be read; nothing was written. */
  error?: string;
}

/** What the pass stores and reads besides what a recomputation does. */
export type FreshnessStore = CatalogFactsStore &
  Pick<
    ReadinessStore,
    'countScorecards' | 'getState' | 'setState' | 'updateState'
  >;

/**
 * The frequent incremental pass. It reads only refs and etags from the
 * catalog, and compares them with the etags the stored scorecards were
 * computed from and with the etags of the facts it recorded of every
 * entity (see {@link catalogFactsOf}). Then:
 *
 * - a scored entity whose etag changed, or that is new, is scored again
 *   with its rollups ({@link ReadinessComputation.recomputeMany}, in
 *   batches; a System brings its parts, which inherit from it, also when
 *   only its recorded facts are behind the catalog);
 * - an entity whose lifecycle changed brings the entities depending on it;
 * - an entity that moved in the rollup tree, a Group that came or went or
 *   whose members changed (an owner or role holder; a user joining or
 *   leaving changes their groups), a scored entity that left the catalog,
 *   or a mass change asks for a full run, which scores only what changed.
 *
 * No transaction spans a catalog call. Memory: a page of refs and etags
 * for each of the streams read at once, and the changed refs; never every
 * entity's.
 */
export class FreshnessPass {
  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: FreshnessStore;
      computation: Pick<ReadinessComputation, 'recomputeMany'>;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** Entities per catalog page; {@link PAGE_SIZE} unless a test asks for less. */
      pageSize?: number;
      /** The most entities it scores itself; {@link MAX_SCORED} unless a test asks for less. */
      maxScored?: number;
    },
  ) {}

  private get pageSize() {
    return this.deps.pageSize ?? PAGE_SIZE;
  }

  /** Runs one pass; stops between batches once `signal` aborts. */
  async run(
    options: { signal?: AbortSignal } = {},
  ): Promise<FreshnessPassResult> {
    const { store, logger } = this.deps;
    const startedAt = Date.now();
    const ledger = new FullRunLedger(store);
    const before = await ledger.status();
    const pass = new PassState(ledger);
    const credentials = await this.deps.auth.getOwnServiceCredentials();

    let compared: Awaited<ReturnType<typeof compareWithStored>>;
    try {
      compared = await compareWithStored(this.deps, credentials, this.pageSize);
    } catch (error) {
      logger.warn(
        `Readiness freshness pass could not compare the catalog with what is stored; nothing was changed: ${error}`,
      );
      return this.result(pass, before, startedAt, 0, {
        entities: 0,
        changed: 0,
        error: String(error),
      });
    }
    const { toScore, toCheck, goneScored, goneRecorded, unwatched, entities } =
      compared;
    const catalogReadMs = Date.now() - startedAt;

    const changed = new Set([...toScore, ...toCheck, ...goneRecorded]).size;
    try {
      // A mass change is the full run's: the pass only records facts.
      const handedOver = toScore.size > (this.deps.maxScored ?? MAX_SCORED);
      if (handedOver) {
        pass.fullRun(`${toScore.size} entities to score`);
        toScore.clear();
      }
      if (goneScored) {
        pass.fullRun(`${goneScored} scored entities left the catalog`);
      }
      await this.catchUp(
        pass,
        { toScore, toCheck, handedOver },
        credentials,
        options.signal,
      );
      await this.gone(pass, goneRecorded);
      await this.scoreDependants(pass, credentials, options.signal);
      const ready = await pass.requestIfNeeded();
      await store.putCatalogFacts([...ready, ...pass.deferred]);
      await store.deleteCatalogFacts([...goneRecorded, ...unwatched]);
    } catch (error) {
      pass.incomplete = true;
      logger.warn(`Readiness freshness pass stopped: ${error}`);
      await pass.requestIfNeeded().catch(() => undefined);
    }
    return this.result(pass, before, startedAt, catalogReadMs, {
      entities,
      changed,
    });
  }

  /**
   * Fetches the changed entities a batch at a time, scores those to score
   * and compares the facts of those to check.
   */
  private async catchUp(
    pass: PassState,
    changed: {
      toScore: Set<string>;
      toCheck: Set<string>;
      /** Whether the full run takes the changes (a mass change). */
      handedOver: boolean;
    },
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ) {
    const { store, catalog, engine } = this.deps;
    const { toScore, toCheck, handedOver } = changed;
    const refs = [...new Set([...toScore, ...toCheck])];
    for (let i = 0; i < refs.length; i += BATCH_SIZE) {
      if (signal?.aborted) {
        pass.incomplete = true;
        return;
      }
      const batch = refs.slice(i, i + BATCH_SIZE);
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: batch, fields: ENTITY_FIELDS },
        { credentials },
      );
      const recorded = await store.getCatalogFacts(
        batch.filter(ref => toCheck.has(ref)),
      );
      const toRecompute: Entity[] = [];
      const facts: CatalogFacts[] = [];
      items.forEach((entity, j) => {
        // Gone since the refs were read: the next pass sees it gone.
        if (!entity) return;
        const ref = batch[j];
        if (toScore.has(ref)) toRecompute.push(entity);
        if (!toCheck.has(ref)) return;
        // An unscored System still hands its answers down to its parts. So
        // does a scored one whose body moved since the pass recorded it,
        // though its scorecard did not: a write of its results or
        // exemptions, or a read, scored it alone. Not one never recorded
        // (a first pass, which asks for the full run), nor in a mass change.
        const kind = entity.kind.toLowerCase();
        const partsBehind =
          !engine.appliesTo(kind) || (!handedOver && recorded.has(ref));
        if (kind === 'system' && !toScore.has(ref) && partsBehind) {
          toRecompute.push(entity);
        }
        const current = catalogFactsOf(entity);
        const change = compareFacts(recorded.get(ref), current);
        if (change.structure)
          pass.fullRun(
            `${ref} changed its place or members in the organisation`,
          );
        if (change.lifecycle && pass.lifecycleChanged(ref)) {
          pass.deferred.push(current);
        } else {
          facts.push(current);
        }
      });
      await this.recompute(pass, toRecompute);
      facts.push(...(await pass.requestIfNeeded()));
      await store.putCatalogFacts(facts);
    }
  }

  /** What the absence of entities gone from the catalog changes; their facts go at the end. */
  private async gone(pass: PassState, refs: string[]) {
    for (let i = 0; i < refs.length; i += BATCH_SIZE) {
      const batch = refs.slice(i, i + BATCH_SIZE);
      const recorded = await this.deps.store.getCatalogFacts(batch);
      for (const ref of batch) {
        const change = compareFacts(recorded.get(ref), undefined);
        if (change.structure) pass.fullRun(`${ref} left the catalog`);
        if (change.lifecycle) pass.lifecycleChanged(ref);
      }
    }
  }

  /**
   * Scores again the entities that depend on an entity whose lifecycle
   * changed, a catalog page at a time. A widely used entity can have more
   * dependants than the pass scores: beyond what is left of
   * {@link MAX_SCORED}, they are the full run's. Stopped early, the pass
   * records none of the lifecycle changes, so the next one looks again.
   */
  private async scoreDependants(
    pass: PassState,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ) {
    const { catalog, engine } = this.deps;
    const stopped = () => {
      pass.incomplete = true;
      pass.deferred.length = 0;
    };
    if (signal?.aborted && pass.lifecycleMoved.size) {
      stopped();
      return;
    }
    const budget = (this.deps.maxScored ?? MAX_SCORED) - pass.recomputed;
    const scored = new Set<string>();
    for (const ref of pass.lifecycleMoved) {
      for await (const page of catalog.streamEntities(
        { filter: { 'relations.dependsOn': ref }, fields: ENTITY_FIELDS },
        { credentials },
      )) {
        const fresh = page.filter(entity => {
          const dependant = entityRefOf(entity);
          if (!engine.appliesTo(entity.kind) || scored.has(dependant)) {
            return false;
          }
          scored.add(dependant);
          return true;
        });
        if (scored.size > budget) {
          pass.lifecyclesToFullRun(
            `more than ${Math.max(
              budget,
              0,
            )} entities depend on entities whose lifecycle changed`,
          );
          return;
        }
        if (!(await this.recompute(pass, fresh, signal))) {
          stopped();
          return;
        }
      }
    }
  }

  /**
   * Scores entities again with their rollups, a bounded batch per
   * transaction; returns false when `signal` stopped it first.
   */
  private async recompute(
    pass: PassState,
    entities: Entity[],
    signal?: AbortSignal,
  ): Promise<boolean> {
    for (let i = 0; i < entities.length; i += BATCH_SIZE) {
      if (signal?.aborted) return false;
      const { scorecards } = await this.deps.computation.recomputeMany(
        entities.slice(i, i + BATCH_SIZE),
      );
      pass.recomputed += scorecards.size;
    }
    return true;
  }

  private result(
    pass: PassState,
    before: FullRunStatus,
    startedAt: number,
    catalogReadMs: number,
    counts: { entities: number; changed: number; error?: string },
  ): FreshnessPassResult {
    const result: FreshnessPassResult = {
      ...counts,
      recomputed: pass.recomputed,
      fullRunReasons: pass.reasons,
      fullRunReasonCount: pass.reasonCount,
      fullRunNeeded: pass.reasonCount > 0 || FullRunLedger.pending(before),
      incomplete: pass.incomplete,
      catalogReadMs,
      durationMs: Date.now() - startedAt,
    };
    const message = `Readiness freshness pass: ${result.entities} entities, ${
      result.changed
    } changed, ${result.recomputed} scored again${
      result.fullRunReasonCount
        ? `; full run asked for (${pass.reasons.join('; ')}${
            pass.reasonCount > pass.reasons.length
              ? `; ${pass.reasonCount - pass.reasons.length} more`
              : ''
          })`
        : ''
    }${result.incomplete ? '; the rest is left to the next pass' : ''} in ${
      result.durationMs
    } ms`;
    if (result.changed || result.incomplete) this.deps.logger.info(message);
    else this.deps.logger.debug(message);
    return result;
  }
}
