import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { CatalogFacts, ReadinessStore } from '../database/ReadinessStore';
import { ENTITY_FIELDS, ETAG_FIELDS } from './catalogLookup';
import { catalogFactsOf, compareFacts } from './catalogFacts';
import { kindCountsOf, kindPages } from './kindStreams';
import { FullRunLedger, FullRunStatus } from './fullRunLedger';
import { partition, PassState } from './freshnessPassState';
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
/** What the pass asks of an entity to learn that it exists, and under which ref. */
const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];
/**
 * The kind the pass does not read: a user joining or leaving a group
 * changes the group, which it reads (see compare).
 */
const UNWATCHED_KIND = 'user';

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
export type FreshnessStore = Pick<
  ReadinessStore,
  | 'getScorecardEtags'
  | 'getCatalogFactEtags'
  | 'countScorecards'
  | 'countCatalogFacts'
  | 'streamCatalogFactRefs'
  | 'getCatalogFacts'
  | 'putCatalogFacts'
  | 'deleteCatalogFacts'
  | 'getState'
  | 'setState'
  | 'updateState'
>;

/**
 * The frequent incremental pass. It reads only refs and etags from the
 * catalog, and compares them with the etags the stored scorecards were
 * computed from and with the etags of the facts it recorded of every
 * entity (see {@link catalogFactsOf}). Then:
 *
 * - a scored entity whose etag changed, or that is new, is scored again
 *   with its rollups ({@link ReadinessComputation.recomputeMany}, in
 *   batches; a System brings its parts, which inherit from it);
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

    let compared: Awaited<ReturnType<FreshnessPass['compare']>>;
    try {
      compared = await this.compare(credentials);
    } catch (error) {
      logger.warn(
        `Readiness freshness pass could not read the catalog; nothing was changed: ${error}`,
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
      if (toScore.size > MAX_SCORED) {
        pass.fullRun(`${toScore.size} entities to score`);
        toScore.clear();
      }
      if (goneScored) {
        pass.fullRun(`${goneScored} scored entities left the catalog`);
      }
      await this.catchUp(pass, toScore, toCheck, credentials, options.signal);
      await this.gone(pass, goneRecorded);
      await this.scoreDependants(pass, credentials);
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
   * Streams the refs and etags of every kind but the users and compares
   * each page with the etags stored for its refs. A user who joins or
   * leaves a group changes the group's members, which the group's facts
   * hold; one in no group is seen by the next full run, which looks users
   * up by ref.
   *
   * What left the catalog is what was stored but not streamed: counted
   * before the stream, and looked for ({@link goneFacts}) only when the
   * counts differ. A row stored meanwhile can hide a departure for a pass;
   * the next one sees it.
   */
  private async compare(credentials: BackstageCredentials) {
    const { store, catalog, engine } = this.deps;
    // The catalog's kinds are asked for while the stored rows are counted.
    const [scoredCount, recordedCount, { facets }] = await Promise.all([
      store.countScorecards(),
      store.countCatalogFacts(),
      catalog.getEntityFacets({ facets: ['kind'] }, { credentials }),
    ]);
    const toScore = new Set<string>();
    const toCheck = new Set<string>();
    const kinds = kindCountsOf(facets.kind ?? []).filter(
      ({ kind }) => kind !== UNWATCHED_KIND,
    );
    let entities = 0;
    let scoredSeen = 0;
    let recordedSeen = 0;
    // An empty catalog (or one of users alone) has no stream.
    const pages = kindPages(
      catalog,
      { fields: ETAG_FIELDS, pageSize: this.pageSize },
      kinds,
      { credentials },
    );
    for await (const page of pages) {
      const refs = page.map(entityRefOf);
      const [scored, recorded] = await Promise.all([
        store.getScorecardEtags(refs),
        store.getCatalogFactEtags(refs),
      ]);
      // A page that repeats an entity counts it once.
      const counted = new Set<string>();
      for (let i = 0; i < page.length; i++) {
        const entity = page[i];
        const ref = refs[i];
        if (counted.has(ref)) continue;
        counted.add(ref);
        const etag = entity.metadata.etag ?? null;
        if (engine.appliesTo(entity.kind)) {
          if (scored.has(ref)) scoredSeen++;
          if (scored.get(ref) !== etag) toScore.add(ref);
        }
        if (recorded.has(ref)) recordedSeen++;
        if (recorded.get(ref) !== etag) toCheck.add(ref);
      }
      entities += counted.size;
    }
    // Only the pass records facts (one pass at a time): their count holds
    // still while it streams.
    const missing = recordedCount - recordedSeen;
    const { goneRecorded, unwatched } =
      missing > 0
        ? await this.goneFacts(credentials, missing)
        : { goneRecorded: [], unwatched: [] };
    return {
      toScore,
      toCheck,
      goneScored: Math.max(0, scoredCount - scoredSeen),
      goneRecorded,
      unwatched,
      entities,
    };
  }

  /**
   * The recorded entities the catalog no longer has, and the users recorded
   * before users were left out (forgotten without asking for anything):
   * the recorded refs are read a page at a time, and asked of the catalog,
   * until `missing` of them are found. A ref spelled otherwise than the
   * catalog's entity now is (the catalog matches refs whatever their case)
   * is gone too: the entity is recorded again under its own.
   */
  private async goneFacts(credentials: BackstageCredentials, missing: number) {
    const goneRecorded: string[] = [];
    const unwatched: string[] = [];
    const found = () => goneRecorded.length + unwatched.length;
    for await (const refs of this.deps.store.streamCatalogFactRefs(
      this.pageSize,
    )) {
      const [users, watched] = partition(
        refs,
        ref => parseEntityRef(ref).kind.toLowerCase() === UNWATCHED_KIND,
      );
      unwatched.push(...users);
      if (watched.length) {
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          { entityRefs: watched, fields: REF_FIELDS },
          { credentials },
        );
        watched.forEach((ref, i) => {
          const entity = items[i];
          if (!entity || entityRefOf(entity) !== ref) goneRecorded.push(ref);
        });
      }
      if (found() >= missing) break;
    }
    if (found() < missing) {
      this.deps.logger.warn(
        `Readiness freshness pass: ${
          missing - found()
        } recorded entities were not in the catalog's pages but are in the catalog`,
      );
    }
    return { goneRecorded, unwatched };
  }

  /**
   * Fetches the changed entities a batch at a time, scores those to score
   * and compares the facts of those to check.
   */
  private async catchUp(
    pass: PassState,
    toScore: Set<string>,
    toCheck: Set<string>,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ) {
    const { store, catalog, engine } = this.deps;
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
        const kind = entity.kind.toLowerCase();
        // An unscored System still hands its answers down to its parts.
        if (kind === 'system' && !engine.appliesTo(kind)) {
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

  /** Scores again the entities that depend on an entity whose lifecycle changed. */
  private async scoreDependants(
    pass: PassState,
    credentials: BackstageCredentials,
  ) {
    const { catalog, engine } = this.deps;
    const dependants = new Map<string, Entity>();
    for (const ref of pass.lifecycleMoved) {
      for await (const page of catalog.streamEntities(
        { filter: { 'relations.dependsOn': ref }, fields: ENTITY_FIELDS },
        { credentials },
      )) {
        for (const entity of page) {
          if (engine.appliesTo(entity.kind)) {
            dependants.set(entityRefOf(entity), entity);
          }
        }
      }
    }
    await this.recompute(pass, [...dependants.values()]);
  }

  /** Scores entities again with their rollups, a bounded batch per transaction. */
  private async recompute(pass: PassState, entities: Entity[]) {
    for (let i = 0; i < entities.length; i += BATCH_SIZE) {
      const { scorecards } = await this.deps.computation.recomputeMany(
        entities.slice(i, i + BATCH_SIZE),
      );
      pass.recomputed += scorecards.size;
    }
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
