import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { isDeepStrictEqual } from 'util';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  InheritableReadiness,
  NO_LEVEL,
  NOT_ASSESSED,
  OrgStructure,
  ReadinessEngine,
  readinessKinds,
  RollupBuilder,
  UpcomingImpactBuilder,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  ScorecardRowInput,
  SnapshotEntity,
  StoreTransaction,
} from '../database/ReadinessStore';
import { snapshotOf, today } from './applyDeltas';
import { CatalogIndex, ENTITY_FIELDS, structureOf } from './catalogLookup';
import { InputFingerprints } from './inputFingerprint';
import { toScorecardRow } from './scorecardRow';
import { inheritablesOf, scoringInputsOf } from './scoringInputs';

/** State key of the last full computation. */
export const LAST_RUN_STATE = 'last-full-run';

/**
 * State key of what the staged checks would do on their dates
 * (an `UpcomingImpactReport`), rebuilt with the rollups.
 */
export const UPCOMING_IMPACT_STATE = 'upcoming-impact';

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
  /** Time spent waiting for catalog pages, and in database transactions. */
  catalogReadMs?: number;
  transactionMs?: number;
  /** The day whose snapshot the last run completed. */
  snapshotDay?: string;
  hierarchyProblems?: string[];
  /**
   * Scorecards per level id after the run (`none` below every level,
   * `not-assessed` when too few checks apply): the metrics' gauge reads it.
   */
  levels?: Record<string, number>;
  /** Set while the catalog cannot be read; results are then stale. */
  catalogUnreachableSince?: string;
  error?: string;
}

/** Entities scored and written per transaction. */
const PAGE_SIZE = 500;
/** Scorecards written per statement batch within a page. */
const WRITE_BATCH = 100;
/** Stored rollup members read per query when the rollups are rebuilt. */
const MEMBER_PAGE_SIZE = 5000;
/** The kinds the rollup tree is made of; the first pass reads them whole. */
const STRUCTURAL_KINDS = ['group', 'system', 'domain'];
/** What the first pass reads of every other entity: that it exists, and its lifecycle. */
const INDEX_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.lifecycle',
];

/** A catalog read failed: the run serves the last results as stale. */
class CatalogUnreachable extends Error {
  constructor(readonly reason: unknown) {
    super(String(reason));
  }
}

/** What the first pass learns of the catalog; it is kept for the whole run. */
interface Organisation {
  index: CatalogIndex;
  structure: OrgStructure;
  inheritables: Map<string, InheritableReadiness>;
}

/**
 * One full computation, in a memory that grows with the number of groups and
 * Systems but not with the number of entities:
 *
 * 1. the catalog is read once with few fields (what the engine looks up:
 *    which refs exist, lifecycles, group members) plus the groups, Systems
 *    and Domains whole (the rollup tree, what Systems hand down);
 * 2. the scorable kinds are read again a page at a time with the fields the
 *    engine reads; each page is scored (only entities whose input
 *    fingerprint changed) and written in a transaction of its own, opened
 *    after the page arrived, so no transaction waits on the catalog;
 * 3. the rollups are rebuilt from the stored members, with every rollup row
 *    locked, so a write landing meanwhile either finishes first (and its
 *    scorecard is read) or moves the rebuilt rollups afterwards.
 */
export class FullRun {
  private catalogReadMs = 0;
  private transactionMs = 0;
  private rescored = 0;
  private written = 0;

  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: ReadinessStore;
      catalog: CatalogService;
      credentials: BackstageCredentials;
      /** The run's clock: answer expiry, snapshot day, computedAt. */
      now: () => Date;
    },
  ) {}

  /** A catalog stream's pages; failures become CatalogUnreachable, waits count as catalog time. */
  private async *pages(request: {
    filter?: Record<string, string[]>;
    fields: string[];
    pageSize: number;
  }): AsyncGenerator<Entity[]> {
    const stream = this.deps.catalog
      .streamEntities(request, { credentials: this.deps.credentials })
      [Symbol.asyncIterator]();
    for (;;) {
      const start = Date.now();
      let next: IteratorResult<Entity[]>;
      try {
        next = await stream.next();
      } catch (error) {
        throw new CatalogUnreachable(error);
      } finally {
        this.catalogReadMs += Date.now() - start;
      }
      if (next.done) return;
      yield next.value;
    }
  }

  private async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>) {
    const start = Date.now();
    try {
      return await this.deps.store.transaction(fn);
    } finally {
      this.transactionMs += Date.now() - start;
    }
  }

  /** Pass 1: what the engine looks up in the catalog, and the rollup tree. */
  private async readOrganisation(): Promise<Organisation> {
    const index = new CatalogIndex();
    const structure: OrgStructure = { groups: [], systems: [], domains: [] };
    const systems: Entity[] = [];
    for await (const page of this.pages({
      filter: { kind: STRUCTURAL_KINDS },
      fields: ENTITY_FIELDS,
      pageSize: 1000,
    })) {
      const part = structureOf(page);
      structure.groups.push(...part.groups);
      structure.systems.push(...part.systems);
      structure.domains.push(...part.domains);
      for (const entity of page) {
        index.add(entity);
        if (entity.kind.toLowerCase() === 'system') systems.push(entity);
      }
    }
    const structural = new Set(STRUCTURAL_KINDS);
    for await (const page of this.pages({
      fields: INDEX_FIELDS,
      pageSize: 5000,
    })) {
      for (const entity of page) {
        if (!structural.has(entity.kind.toLowerCase())) index.add(entity);
      }
    }
    const inheritables = await this.transaction(tx =>
      inheritablesOf(this.deps.store, this.deps.engine, tx, systems),
    );
    return { index, structure, inheritables };
  }

  /** Pass 2: scores and writes the scorable entities a page at a time. */
  private async scoreAll(org: Organisation, now: Date, fullSnapshot: boolean) {
    const { engine } = this.deps;
    const fingerprints = new InputFingerprints(engine, org.index, now);
    const kinds = readinessKinds(engine.model.checks).filter(kind =>
      engine.appliesTo(kind),
    );
    for await (const page of this.pages({
      filter: { kind: kinds },
      fields: ENTITY_FIELDS,
      pageSize: PAGE_SIZE,
    })) {
      const scorable = page.filter(entity => engine.appliesTo(entity.kind));
      // Created after the first pass: known from now on, so it is kept.
      for (const entity of scorable) {
        if (!org.index.exists(entityRefOf(entity))) org.index.add(entity);
      }
      await this.transaction(tx =>
        this.scorePage(tx, scorable, org, fingerprints, now, fullSnapshot),
      );
    }
  }

  /** Scores the entities of one page whose inputs changed, and writes them. */
  private async scorePage(
    tx: StoreTransaction,
    entities: Entity[],
    org: Organisation,
    fingerprints: InputFingerprints,
    now: Date,
    fullSnapshot: boolean,
  ) {
    const { store, engine } = this.deps;
    const inputs = await scoringInputsOf(store, tx, entities, org.inheritables);
    const stored = await store.getScorecardInputs(
      entities.map(entityRefOf),
      tx,
    );
    const changed: ScorecardRowInput[] = [];
    const snapshots: SnapshotEntity[] = [];
    // Written as they accumulate, so few full scorecards live at a time.
    const write = async () => {
      await store.putScorecards(tx, changed);
      this.written += changed.length;
      changed.length = 0;
    };
    for (const input of inputs) {
      const inputFingerprint = fingerprints.of(input);
      const previous = stored.get(entityRefOf(input.entity));
      // Inputs unchanged: the stored scorecard is what scoring would give.
      if (previous && previous.inputFingerprint === inputFingerprint) {
        if (fullSnapshot) snapshots.push(previous.snapshot);
        continue;
      }
      this.rescored++;
      const scorecard = engine.score(input, { now, catalog: org.index });
      const row = {
        ...toScorecardRow(scorecard, input.entity.metadata.etag),
        inputFingerprint,
      };
      // Rewritten even when only the input fingerprint is new.
      changed.push(row);
      if (previous?.fingerprint !== row.fingerprint || fullSnapshot) {
        snapshots.push(snapshotOf(scorecard));
      }
      if (changed.length === WRITE_BATCH) await write();
    }
    await write();
    await store.putSnapshots(tx, today(now), snapshots, []);
  }

  /**
   * Pass 3: the rollups from every stored member; only those that changed
   * are written (and snapshotted, unless today's snapshot is being written
   * whole). Then the scorecards of entities gone from the catalog (left out
   * of the rollups already) go in a transaction of their own.
   */
  private async rebuildRollups(
    org: Organisation,
    now: Date,
    fullSnapshot: boolean,
  ) {
    const { store, engine } = this.deps;
    const result = await this.transaction(async tx => {
      const stored = await store.lockRollups(tx);
      const builder = new RollupBuilder(org.structure);
      const impact = new UpcomingImpactBuilder(engine.model);
      const gone: string[] = [];
      let entities = 0;
      const levels: Record<string, number> = {};
      for await (const members of store.streamRollupMembers(
        tx,
        MEMBER_PAGE_SIZE,
      )) {
        for (const member of members) {
          if (
            org.index.exists(member.entityRef) &&
            engine.appliesTo(member.kind)
          ) {
            builder.add(member);
            impact.add(member);
            entities++;
            const level = member.notAssessed
              ? NOT_ASSESSED
              : member.level ?? NO_LEVEL;
            levels[level] = (levels[level] ?? 0) + 1;
          } else {
            gone.push(member.entityRef);
          }
        }
      }
      const { rollups, problems } = builder.build();
      const changed = rollups.filter(
        r => !isDeepStrictEqual(r, stored.get(r.ref)),
      );
      await store.putRollups(tx, changed, now.toISOString());
      for (const r of rollups) stored.delete(r.ref);
      await store.deleteRollups(tx, [...stored.keys()]);
      await store.setState(UPCOMING_IMPACT_STATE, impact.build(now), tx);
      await store.putSnapshots(
        tx,
        today(now),
        [],
        fullSnapshot ? rollups : changed,
      );
      return { entities, levels, gone, rollups: rollups.length, problems };
    });
    if (result.gone.length) {
      await this.transaction(tx => store.deleteScorecards(tx, result.gone));
    }
    return result;
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
    const unreachable = (
      error: CatalogUnreachable,
    ): Pick<LastRunState, 'catalogUnreachableSince' | 'error'> => ({
      catalogUnreachableSince:
        previous?.catalogUnreachableSince ?? startedAt.toISOString(),
      error: String(error.reason),
    });
    let org: Organisation;
    try {
      org = await this.readOrganisation();
    } catch (error) {
      if (!(error instanceof CatalogUnreachable)) throw error;
      const state: LastRunState = {
        ...previous,
        startedAt: previous?.startedAt ?? startedAt.toISOString(),
        ...unreachable(error),
      };
      await store.setState(LAST_RUN_STATE, state);
      return { state, readCatalog: false };
    }
    const now = this.deps.now();
    const day = today(now);
    // Today's snapshot is written whole by the day's first run; later runs
    // only touch the entities whose scorecard changed.
    const fullSnapshot = previous?.snapshotDay !== day;
    let failure: ReturnType<typeof unreachable> | undefined;
    try {
      await this.scoreAll(org, now, fullSnapshot);
    } catch (error) {
      if (!(error instanceof CatalogUnreachable)) throw error;
      failure = unreachable(error);
    }
    const rollups = await this.rebuildRollups(org, now, fullSnapshot);
    const state: LastRunState = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      catalogReadMs: this.catalogReadMs,
      transactionMs: this.transactionMs,
      entities: rollups.entities,
      levels: rollups.levels,
      written: this.written,
      rescored: this.rescored,
      removed: rollups.gone.length,
      rollups: rollups.rollups,
      // A snapshot left half-written is completed by the day's next run.
      snapshotDay: failure && fullSnapshot ? previous?.snapshotDay : day,
      hierarchyProblems: rollups.problems.map(p => p.message),
      ...failure,
    };
    await store.setState(LAST_RUN_STATE, state);
    return { state, readCatalog: true };
  }
}
