import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  GroupHierarchy,
  ownersOutsideOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import {
  FingerprintBasis,
  ReadinessStore,
  StoreTransaction,
} from '../database/ReadinessStore';
import { today } from './applyDeltas';
import { InputFingerprints } from './inputFingerprint';
import { refreshStale } from './pageInputs';
import { PageOptions, PageTally, scorePage } from './fullRunPage';
import { unchangedEntities } from './unchangedEntities';
import { decidedPages } from './decidedPages';
import { rebuildRollups } from './rollupRebuild';
import { CatalogUnreachable, FullRunCatalog } from './fullRunCatalog';
import {
  LAST_RUN_STATE,
  LastRunState,
  RUN_WRITING_STATE,
  completedAtOf,
} from './lastRunState';
import { holdersOf } from './refLookups';
import { Organisation, readOrganisation } from './fullRunOrganisation';
import { sha1Hex } from './sha1';
import { inLockOrder } from '../database/serialisationLocks';

/**
 * Entities scored and written per transaction. With two pages written and
 * one read ahead, as many entities are in hand as with two pages of 500
 * one at a time: pages of 500 took the peak RSS of a cold run at 100,000
 * entities from about 560 to 600 MB.
 */
const PAGE_SIZE = 250;
/**
 * Stored scorecards whose entities are checked at once: when little changed,
 * the queries of that check, not the scoring, are what a run waits for, and
 * each costs a round trip whatever its size.
 */
const DECIDED_AT_ONCE = 2000;
/**
 * Pages written at once, each in a transaction of its own (their entities
 * are distinct rows): while one waits for the database, the other scores.
 */
const PAGES_IN_FLIGHT = 2;
/** Tries of a page that keeps finding what the run has not read (see writePage). */
const PAGE_ATTEMPTS = 3;

/**
 * One full computation, in a memory that grows with the number of groups and
 * Systems, and by a ref and an etag per entity, but holds no entity body
 * beyond a page:
 *
 * 1. the scorable kinds are read with few fields (their refs, etags and
 *    lifecycles) plus the groups, Systems and Domains with what the rollup
 *    tree, group members and what Systems hand down need of them
 *    ({@link readOrganisation}). What else the engine
 *    looks up (users, kinds neither scored nor structural) is read by ref
 *    ({@link RefLookups}) when a page names it;
 * 2. the scorable entities a page at a time, those with a stored scorecard
 *    first, in ref order ({@link decidedPages}): one whose etag is the one
 *    its kept fingerprint basis came from, and whose fingerprint from that
 *    basis did not change, is not read again (decided for
 *    {@link DECIDED_AT_ONCE} stored scorecards at once). The others' bodies
 *    are read by ref, scored and written a page to a transaction, opened
 *    after they arrived, so no transaction waits on the catalog;
 * 3. the rollups are rebuilt from the stored members, with every rollup row
 *    locked, so a write landing meanwhile either finishes first (and its
 *    scorecard is read) or moves the rebuilt rollups afterwards.
 */
export class FullRun {
  private readonly catalog: FullRunCatalog;
  private transactionMs = 0;
  /** Entities scored again and scorecards written, by the pages. */
  private readonly tally: PageTally = { rescored: 0, written: 0 };
  private bodiesRead = 0;
  /** Scorable entities of the catalog that have a stored scorecard after pass 2. */
  private seen = 0;

  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: ReadinessStore;
      catalog: CatalogService;
      credentials: BackstageCredentials;
      /** The run's clock: answer expiry, snapshot day, computedAt. */
      now: () => Date;
      /** Entities scored and written per transaction; {@link PAGE_SIZE} by default. */
      pageSize?: number;
      /** The scheduler's (timeout, cancel): stops before the next page, as a failure would. */
      signal?: AbortSignal;
    },
  ) {
    this.catalog = new FullRunCatalog(deps.catalog, deps.credentials);
  }

  private async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>) {
    const start = Date.now();
    try {
      return await this.deps.store.transaction(fn);
    } finally {
      this.transactionMs += Date.now() - start;
    }
  }

  /**
   * Pass 2: the scorable entities a page at a time. Those whose kept
   * fingerprint basis still holds are not read again; the others' bodies
   * are read, scored and written in a transaction of its own, opened after
   * they arrived, so no transaction waits on the catalog. The next page is
   * sorted out and its bodies read while the pages before it are written,
   * {@link PAGES_IN_FLIGHT} at once, so the catalog, this process and the
   * database work at once. A failure waits for the pages in flight, which
   * stay written or are rolled back whole.
   */
  private async scoreAll(
    org: Organisation,
    now: Date,
    fullSnapshot: boolean,
    runStartedAt: Date,
  ) {
    const { store, engine } = this.deps;
    const fingerprints = new InputFingerprints(engine, org.index, now);
    const pages = decidedPages(
      org.scorable,
      store.streamScorecardInputs(DECIDED_AT_ONCE),
      (block, etagOf) =>
        unchangedEntities(
          store,
          fingerprints,
          org.inheritables,
          block,
          etagOf,
          refs => org.lookups.resolve(refs),
        ),
      this.deps.pageSize ?? PAGE_SIZE,
    );
    const prepareNext = () => {
      const prepared = (async () => {
        const next = await pages.next();
        if (next.done) return undefined;
        const { refs, unchanged } = next.value;
        return this.preparePage(org, fingerprints, refs, unchanged);
      })();
      // Awaited after this page is written; a failure meanwhile is not unhandled.
      prepared.catch(() => {});
      return prepared;
    };
    let ahead = prepareNext();
    const inFlight: Promise<void>[] = [];
    try {
      for (;;) {
        this.deps.signal?.throwIfAborted();
        const prepared = await ahead;
        if (!prepared) break;
        ahead = prepareNext();
        const { unchanged, entities, bases } = prepared;
        // Nothing to score and no snapshot lines to write: no transaction.
        if (!entities.length && !fullSnapshot) continue;
        if (inFlight.length === PAGES_IN_FLIGHT) await inFlight.shift();
        const written = this.writePage(entities, org, fingerprints, now, {
          fullSnapshot,
          unchanged,
          bases,
          runStartedAt: runStartedAt.toISOString(),
        });
        // Awaited in turn below; a failure meanwhile is not unhandled.
        written.catch(() => {});
        inFlight.push(written);
      }
      await Promise.all(inFlight);
    } catch (error) {
      // The pages in flight are written or rolled back before the run goes on.
      await Promise.allSettled(inFlight);
      throw error;
    }
  }

  /**
   * A page's entities whose stored scorecard still holds, and the bodies of
   * the others with their fingerprint bases. What either looks up in the
   * catalog is in the index before the page is scored: the refs their
   * bodies and portal roles name (their System's were read in pass 1).
   */
  private async preparePage(
    org: Organisation,
    fingerprints: InputFingerprints,
    refs: string[],
    kept: ReadonlySet<string>,
  ) {
    const unchanged = refs.filter(ref => kept.has(ref));
    // Written in lock order, as writes take their scorecard rows.
    const entities = await this.catalog.bodies(
      inLockOrder(refs.filter(ref => !kept.has(ref))),
    );
    this.bodiesRead += entities.length;
    this.seen += unchanged.length + entities.length;
    const bases = new Map<Entity, FingerprintBasis>();
    if (entities.length) {
      const named: string[] = [];
      for (const entity of entities) {
        const basis = fingerprints.basisOf(entity);
        bases.set(entity, basis);
        named.push(...basis.refs);
      }
      const [roles] = await Promise.all([
        this.deps.store.getRoles(entities.map(entityRefOf)),
        org.lookups.resolve(named),
      ]);
      await org.lookups.resolve([...roles.values()].flatMap(holdersOf));
    }
    return { unchanged, entities, bases };
  }

  /**
   * A page in a transaction of its own; when what it read under the locks
   * names what the run has not read from the catalog, that is read outside
   * the transaction and the page starts again (the last try scores anyway).
   */
  private async writePage(
    entities: Entity[],
    org: Organisation,
    fingerprints: InputFingerprints,
    now: Date,
    options: PageOptions,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const force = attempt === PAGE_ATTEMPTS;
      const stale = await this.transaction(tx =>
        scorePage(
          { ...this.deps, tally: this.tally },
          tx,
          { entities, org, fingerprints, now, options },
          force,
        ),
      );
      if (!stale) return;
      await refreshStale(
        {
          ...this.deps,
          catalog: this.catalog,
          transaction: fn => this.transaction(fn),
        },
        org,
        stale,
      );
    }
  }

  /**
   * Runs the three passes. When the catalog cannot be read at first, the
   * stored results stay and are marked stale (`readCatalog` false); when it
   * fails half-way, the pages written so far stay, the rollups are rebuilt
   * from them, and the results are marked stale too.
   */
  async run(
    startedAt: Date,
  ): Promise<{ state: LastRunState; readCatalog: boolean }> {
    const { store } = this.deps;
    const previous = await store.getState<LastRunState>(LAST_RUN_STATE);
    const at = startedAt.toISOString();
    /** The catalog failed: since when it has been unreachable, after `last`. */
    const unreachable = (
      error: CatalogUnreachable,
      last: LastRunState | undefined,
    ): Pick<LastRunState, 'catalogUnreachableSince' | 'error'> => ({
      catalogUnreachableSince: last?.catalogUnreachableSince ?? at,
      error: String(error.reason),
    });
    let org: Organisation;
    try {
      org = await readOrganisation({
        ...this.deps,
        catalog: this.catalog,
        transaction: fn => this.transaction(fn),
      });
    } catch (error) {
      if (!(error instanceof CatalogUnreachable)) throw error;
      // Under the state's lock, read again: a run that started after this
      // one (which outlived its timeout) may have stored its state since,
      // and keeps it.
      let stored: LastRunState | undefined;
      await store.updateState<LastRunState>(LAST_RUN_STATE, current => {
        stored =
          current && current.startedAt > at
            ? current
            : {
                ...current,
                startedAt: current?.startedAt ?? at,
                ...unreachable(error, current),
              };
        return stored;
      });
      // This run's outcome: nothing scored, the catalog not read.
      const state: LastRunState = {
        ...stored!,
        rescored: 0,
        ...unreachable(error, stored),
      };
      return { state, readCatalog: false };
    }
    const interrupted = !!(await store.getState(RUN_WRITING_STATE));
    await store.setState(RUN_WRITING_STATE, startedAt.toISOString());
    const now = this.deps.now();
    const day = today(now);
    // Today's snapshot is written whole by the day's first run; later runs
    // only touch the entities whose scorecard changed.
    const fullSnapshot = previous?.snapshotDay !== day;
    let failure: ReturnType<typeof unreachable> | undefined;
    try {
      await this.scoreAll(org, now, fullSnapshot, startedAt);
    } catch (error) {
      if (!(error instanceof CatalogUnreachable)) throw error;
      failure = unreachable(error, previous);
    }
    this.deps.signal?.throwIfAborted();
    const structureHash = sha1Hex(JSON.stringify(org.structure));
    const kept =
      !fullSnapshot &&
      !failure &&
      !interrupted &&
      this.tally.written === 0 &&
      !previous?.error &&
      previous?.structureHash === structureHash &&
      previous.levels !== undefined &&
      this.seen === (await store.countScorecards());
    // Nothing was written (nor left half-done by a run that stopped),
    // nothing is gone, the tree is the same: the stored rollups (which
    // writes move as they land) are what a rebuild would give. The day's
    // first run rebuilds them whatever happened.
    const rollups = kept
      ? {
          entities: previous.entities ?? 0,
          levels: previous.levels!,
          gone: [] as string[],
          rollups: previous.rollups ?? 0,
          hierarchyProblems: previous.hierarchyProblems ?? [],
          hierarchyProblemsTotal:
            previous.hierarchyProblemsTotal ??
            previous.hierarchyProblems?.length ??
            0,
          // Writes since (the freshness pass's among them) may have
          // changed owners: counted again from the stored scorecards.
          ownersOutsideGroups: ownersOutsideOf(
            await store.countScorecardsByOwner(),
            new GroupHierarchy(org.structure.groups),
          ),
        }
      : await rebuildRollups({
          ...this.deps,
          structure: org.structure,
          exists: ref => org.index.exists(ref),
          startedAt: startedAt.toISOString(),
          now,
          fullSnapshot,
          transaction: fn => this.transaction(fn),
        });
    const finishedAt = new Date().toISOString();
    const state: LastRunState = {
      startedAt: startedAt.toISOString(),
      finishedAt,
      completedAt: failure ? completedAtOf(previous) : finishedAt,
      catalogReadMs: this.catalog.readMs,
      transactionMs: this.transactionMs,
      entities: rollups.entities,
      levels: rollups.levels,
      written: this.tally.written,
      rescored: this.tally.rescored,
      bodiesRead: this.bodiesRead,
      removed: rollups.gone.length,
      rollups: rollups.rollups,
      // A snapshot left half-written is completed by the day's next run.
      snapshotDay: failure && fullSnapshot ? previous?.snapshotDay : day,
      hierarchyProblems: rollups.hierarchyProblems,
      hierarchyProblemsTotal: rollups.hierarchyProblemsTotal,
      ownersOutsideGroups: rollups.ownersOutsideGroups,
      structureHash,
      rollupsKept: kept,
      ...failure,
    };
    // Every entity's and rollup's line of the day is written (by this run,
    // or by the day's first, maybe on an instance of an earlier release
    // that marks nothing): `asOf` and thinning may stand on it.
    if (state.snapshotDay === day) await store.markSnapshotDayComplete(day);
    // Under the state's lock, as a run that could not read the catalog
    // writes it (see above).
    await store.updateState<LastRunState>(LAST_RUN_STATE, () => state);
    // Only our own mark: a run another instance started meanwhile (this one
    // outlived its timeout) keeps its mark until it ends.
    const ours = startedAt.toISOString();
    await store.updateState<string | null>(RUN_WRITING_STATE, mark =>
      mark === ours ? null : mark ?? null,
    );
    return { state, readCatalog: true };
  }
}
