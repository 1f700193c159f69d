import {
  AnswerInput,
  CheckStatus,
  CostTable,
  StoredCostTable,
  HistoryEntry,
  ReadinessAnswer,
  ReadinessExemption,
  ReadinessExport,
  Rollup,
  RollupKind,
  RollupMember,
  ScoreSnapshot,
  ScorecardSummary,
  EntityScorecard,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';

import type { FoundNotice, NoticeKey, UnfoundCutoff } from './noticesSent';
import type { CampaignStore } from './campaignStore';
import type { DepartedEntityStore } from './departedEntities';
import type { NoticeEvaluations } from './noticeEvaluations';
import type { ExemptionStore } from './ExemptionStore';
import type { SnapshotStore } from './SnapshotStore';
import type { CatalogFactsStore } from './CatalogFactsStore';
import type {
  StoredScorecard,
  BasisToKeep,
  ScorecardRowInput,
  StoredScorecardInputs,
  StoredScorecardInputsPage,
  RefSelection,
  ScorecardFilter,
  ScorecardQuery,
  RollupQuery,
  PushedResult,
  ChangedEntity,
} from './storeRows';

// What the store reads and writes, for its callers to import from here.
export * from './storeRows';

declare const storeTransaction: unique symbol;

/**
 * A transaction of the store. Opaque to its callers: only the store opens
 * one ({@link ReadinessStore.transaction}) and knows what is inside, so the
 * service layer never depends on the database library.
 */
export interface StoreTransaction {
  readonly [storeTransaction]: true;
}

/** A backup's records, each kind read a page at a time (see ReadinessStore.exportPages). */
export interface BackupPages {
  answers: AsyncIterable<ReadinessExport['answers']>;
  roles: AsyncIterable<ReadinessExport['roles']>;
  costTables: AsyncIterable<StoredCostTable[]>;
  exemptions: AsyncIterable<ReadinessExemption[]>;
}

/**
 * Persistence of the readiness backend: what owners said (answers, roles),
 * what services pushed (results), the history of both, and the precomputed
 * scorecards, rollups and daily snapshots. Writes that belong together take
 * a transaction from {@link ReadinessStore.transaction}; reads take one
 * optionally (outside one they read committed data).
 */
export interface ReadinessStore
  extends ExemptionStore,
    SnapshotStore,
    CatalogFactsStore {
  /** Campaign definitions and their precomputed progress. */
  readonly campaigns: CampaignStore;
  /** Entities with records that the catalog no longer has. */
  readonly departures: DepartedEntityStore;
  /** The key of each entity's last complete notices evaluation. */
  readonly noticeEvaluations: NoticeEvaluations;
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one view of the database for reads of many statements (a
   * backup): on PostgreSQL a read-only REPEATABLE READ transaction, which
   * takes no lock, ended by the database when it waits `idleMs` (default
   * ten minutes) between statements, as for a client that stopped reading;
   * on SQLite no transaction (`tx` undefined), since its one connection
   * would be held from every other request.
   */
  readSnapshot<T>(
    fn: (tx?: StoreTransaction) => Promise<T>,
    options?: { idleMs?: number },
  ): Promise<T>;
  /**
   * Serialises writers per entity: holds the locks of `entityRefs` (taken
   * in sorted order) until the transaction ends. Take them before reading
   * the inputs a recomputation scores from.
   */
  lockEntities(tx: StoreTransaction, entityRefs: string[]): Promise<void>;
  /** Forgets the locks not taken since `at` (ISO timestamp); returns how many went. */
  deleteLocksBefore(at: string): Promise<number>;
  /**
   * Deletes up to `batchSize` kept details that no longer count (their
   * scorecard changed since they were kept, see `getScorecard`); returns
   * how many.
   */
  deleteStaleDetails(batchSize: number): Promise<number>;

  getAnswers(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, StoredAnswer[]>>;
  getAnswer(
    entityRef: string,
    checkId: string,
    tx?: StoreTransaction,
  ): Promise<StoredAnswer | undefined>;
  /** Writes an answer if `expectedVersion` matches; throws ConflictError with the current answer otherwise. */
  putAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    input: Omit<AnswerInput, 'version'>,
    actor: string,
    expectedVersion: number,
  ): Promise<StoredAnswer>;
  deleteAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    actor: string,
    expectedVersion: number,
  ): Promise<void>;
  reviewAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    reviewer: string,
    expectedVersion: number,
  ): Promise<StoredAnswer>;

  getRoles(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, StoredRoleAssignment[]>>;
  putRole(
    tx: StoreTransaction,
    entityRef: string,
    roleId: string,
    holders: string[],
    actor: string,
    expectedVersion: number,
  ): Promise<StoredRoleAssignment>;
  deleteRole(
    tx: StoreTransaction,
    entityRef: string,
    roleId: string,
    actor: string,
    expectedVersion: number,
  ): Promise<void>;

  getResults(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, ReadinessAnswer[]>>;
  putResults(
    tx: StoreTransaction,
    results: PushedResult[],
    actor: string,
  ): Promise<void>;
  /**
   * Deletes the pushed results of one entity (only those of `checkIds` when
   * given), recording each deletion in the history. Returns how many were
   * deleted.
   */
  deleteResults(
    tx: StoreTransaction,
    entityRef: string,
    checkIds: string[] | undefined,
    actor: string,
  ): Promise<number>;

  getHistory(entityRef: string, limit: number): Promise<HistoryEntry[]>;
  /** The id of the newest history entry, 0 when there is none. */
  /** The id of the history's last entry (0 when none), in `tx` when given. */
  historyWatermark(tx?: StoreTransaction): Promise<number>;
  /**
   * The id of the last committed history entry of each ref's `subjects`.
   * Answers, roles, results and cost tables of one entity are written under
   * its lock, so one committed later has a higher id, unlike against the
   * whole history's last id, or against subjects written without the lock
   * (an exemption's end, which the sweep records).
   */
  historyWatermarkOf(
    parts: { ref: string; subjects: HistoryEntry['subject'][] }[],
  ): Promise<number>;
  /**
   * Whether `ref` has history entries of `subjects` (of `subjectIds` when
   * given) after `watermark`: read under its lock, what a check made before
   * it may have missed.
   */
  writtenSince(
    tx: StoreTransaction,
    ref: string,
    watermark: number,
    subjects: HistoryEntry['subject'][],
    subjectIds?: string[],
  ): Promise<boolean>;
  /** The entities written since `watermark` and the tables written, a page of history entries at a time (see HistoryTable). */
  changedEntityPages(
    watermark: number,
    pageSize: number,
  ): AsyncIterable<ChangedEntity[]>;
  /**
   * Deletes up to `batchSize` of the oldest history entries recorded before
   * `at` (ISO timestamp), oldest first. Returns how many went.
   */
  deleteHistoryBefore(at: string, batchSize: number): Promise<number>;

  getScorecard(
    entityRef: string,
    tx?: StoreTransaction,
  ): Promise<StoredScorecard | undefined>;
  /**
   * The stored rollup members of those of `entityRefs` that are scored,
   * their rows locked (in lock order) until the transaction ends.
   */
  lockMembers(
    tx: StoreTransaction,
    entityRefs: string[],
  ): Promise<Map<string, RollupMember>>;
  /**
   * An entity's stored scorecard (with its kept detail) and the state value
   * of `stateKey`, read together in one query when the scorecard exists.
   */
  getScorecardWithState<T>(
    entityRef: string,
    stateKey: string,
  ): Promise<{ scorecard?: StoredScorecard; state?: T }>;
  /**
   * Stores the summary and per-check statuses of each scorecard, not its
   * detail: that is built again when the scorecard is read.
   */
  putScorecards(tx: StoreTransaction, rows: ScorecardRowInput[]): Promise<void>;
  /**
   * Keeps the fingerprint basis (and record tables) of scorecards stored
   * without them, each only while the row has the input fingerprint given.
   */
  putInputBases(
    tx: StoreTransaction,
    bases: Map<string, BasisToKeep>,
  ): Promise<void>;
  /**
   * Forgets which record tables the scorecards of the entities the history
   * names after `watermark` were scored from, and those of their Systems'
   * parts: their records were written without scoring them (an import), so
   * a first read reads all five until the next full run names them again.
   */
  forgetRecordTables(tx: StoreTransaction, watermark: number): Promise<void>;
  /**
   * Keeps the full scorecard of an entity for the next reads, while the
   * stored scorecard still has `fingerprint` (a later one hides it).
   */
  putScorecardDetail(
    fingerprint: string,
    scorecard: EntityScorecard,
  ): Promise<void>;
  /** Fingerprints, input fingerprints and snapshot lines of the given entities' stored scorecards. */
  getScorecardInputs(
    entityRefs: string[],
    tx?: StoreTransaction,
  ): Promise<Map<string, StoredScorecardInputs>>;
  /**
   * Every stored scorecard's input fingerprint and basis, a page at a time
   * in ref order, each page with the range of refs it covers (to read other
   * tables' rows of the same entities by that range).
   */
  streamScorecardInputs(
    pageSize: number,
  ): AsyncIterable<StoredScorecardInputsPage>;
  /** How many scorecards are stored. */
  countScorecards(): Promise<number>;
  /** The number of stored scorecards per owner (undefined: none named). */
  countScorecardsByOwner(): Promise<Map<string | undefined, number>>;
  /** Every stored scorecard's ref, a page at a time in ref order. */
  streamScorecardRefs(
    tx: StoreTransaction,
    pageSize: number,
  ): AsyncIterable<string[]>;
  /** Every stored scorecard's rollup member, a page at a time. */
  streamRollupMembers(
    tx: StoreTransaction,
    pageSize: number,
  ): AsyncIterable<RollupMember[]>;
  /** Those of `entityRefs` whose stored scorecard was computed at or after `since` (ISO). */
  scorecardsComputedSince(
    tx: StoreTransaction,
    entityRefs: string[],
    since: string,
  ): Promise<Set<string>>;
  deleteScorecards(tx: StoreTransaction, entityRefs: string[]): Promise<void>;
  listScorecards(
    query: ScorecardQuery,
  ): Promise<{ items: ScorecardSummary[]; totalCount: number }>;
  /** Pages through the stored scorecard summaries (every one, or those `filter` keeps) in ref order, for exports. */
  streamScorecards(
    pageSize: number,
    filter?: ScorecardFilter,
  ): AsyncIterable<ScorecardSummary[]>;
  /** The stored status of each check of those of `entityRefs` that are scored. */
  getCheckStatuses(
    entityRefs: string[],
  ): Promise<Map<string, Record<string, CheckStatus>>>;
  /**
   * A page of scorecard summaries with the status of each check, in entity
   * ref order after `after` (keyset paging, for the search collator).
   */
  listScorecardStatuses(
    after: string,
    limit: number,
  ): Promise<(ScorecardSummary & { checks: Record<string, CheckStatus> })[]>;

  getRollups(
    refs: string[],
    tx?: StoreTransaction,
    forUpdate?: boolean,
  ): Promise<Map<string, Rollup>>;
  /**
   * A rollup, its children (sub-groups, a domain's systems) and the state
   * under `stateKey` (as {@link ReadinessStore.getState}) in one read; with
   * `trendSince`, also its trend from that day (as
   * {@link ReadinessStore.getSnapshots}) in the same read.
   */
  getRollupWithChildren<T>(
    ref: string,
    kind: RollupKind,
    stateKey: string,
    options?: {
      /** With it, the rollup's daily scores from that day on. */
      trendSince?: string;
      /** How many children, lowest scores first (default 1,000). */
      childLimit?: number;
    },
  ): Promise<
    | {
        rollup: Rollup;
        children: Rollup[];
        /** How many children the rollup has, however many came. */
        childrenTotal: number;
        state?: T;
        trend?: ScoreSnapshot[];
      }
    | undefined
  >;
  /** The stored parent links of the given groups and all their ancestors. */
  getGroupChains(
    groupRefs: string[],
    tx?: StoreTransaction,
  ): Promise<{ ref: string; parent?: string }[]>;
  /**
   * Every stored rollup, its row held until the transaction ends (a full run
   * rebuilding them), and the creation lock before them.
   */
  lockRollups(tx: StoreTransaction): Promise<Map<string, Rollup>>;
  /**
   * Waits for a rebuild of the rollups to commit, and holds it off until the
   * transaction ends: taken before any rollup row by a writer that moves a
   * rollup not stored yet.
   */
  lockRollupCreation(tx: StoreTransaction): Promise<void>;
  /** Those of `refs` that have a stored rollup. */
  storedRollupRefs(refs: string[], tx?: StoreTransaction): Promise<Set<string>>;
  deleteRollups(tx: StoreTransaction, refs: string[]): Promise<void>;
  putRollups(
    tx: StoreTransaction,
    rollups: Rollup[],
    computedAt: string,
  ): Promise<void>;
  deleteRollupsComputedBefore(
    tx: StoreTransaction,
    computedAt: string,
  ): Promise<void>;
  listRollups(
    query: RollupQuery,
  ): Promise<{ items: Rollup[]; totalCount: number }>;
  /**
   * The same page with each rollup as the JSON text it is stored as, for a
   * response that passes it on without parsing and serialising it again;
   * with `stateKey`, also the state stored under it (as
   * {@link ReadinessStore.getState}), in the same read.
   */
  listRollupTexts<T>(
    query: RollupQuery,
    stateKey?: string,
  ): Promise<{ items: string[]; totalCount: number; state?: T }>;

  getCostTables(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, StoredCostTable>>;
  getCostTable(
    entityRef: string,
    tx?: StoreTransaction,
  ): Promise<StoredCostTable | undefined>;
  /** Writes a cost table if `expectedVersion` matches; throws ConflictError with the current table otherwise. */
  putCostTable(
    tx: StoreTransaction,
    entityRef: string,
    table: CostTable,
    actor: string,
    expectedVersion: number,
  ): Promise<StoredCostTable>;
  deleteCostTable(
    tx: StoreTransaction,
    entityRef: string,
    actor: string,
    expectedVersion: number,
  ): Promise<void>;
  /** The ones of `keys` that were sent and whose condition still holds. */
  getSentNotices(keys: NoticeKey[]): Promise<NoticeKey[]>;
  /** Records notices found by the evaluation at `checkedAt`; new ones as sent then. */
  markNoticesCurrent(keys: FoundNotice[], checkedAt: string): Promise<void>;
  /** Keeps the notices about these entities current: they could not be evaluated. */
  keepNoticesOf(entityRefs: string[], checkedAt: string): Promise<void>;
  /** Counts the time kept unfound anew for the notices these entities' keys held. */
  restartUnfoundTime(
    entityRefs: string[],
    kinds: string[],
    checkedAt: string,
  ): Promise<void>;
  /** Forgets the notices of each cut-off's kinds no evaluation since it found. */
  deleteUnfoundNotices(cutoffs: UnfoundCutoff[]): Promise<number>;

  getState<T>(key: string): Promise<T | undefined>;
  setState(key: string, value: unknown, tx?: StoreTransaction): Promise<void>;
  /** Replaces a value by `update(old)`; concurrent updates of a key take turns. */
  updateState<T>(key: string, update: (old: T | undefined) => T): Promise<void>;

  /**
   * What a backup holds of the store, each kind of record a page of at most
   * `pageSize` at a time in key order: the export never holds them all.
   */
  exportPages(pageSize: number, tx?: StoreTransaction): BackupPages;
  /** Holds off every writer until `tx` ends, before an import touches a row (see Backup.lockForImport). */
  lockForImport(tx: StoreTransaction): Promise<void>;
  /** Replaces every portal cost table with the given ones, recording history. */
  importCostTables(
    tx: StoreTransaction,
    tables: StoredCostTable[],
    actor: string,
  ): Promise<number>;
  /** Replaces every answer and role with the given ones, recording history. */
  importAll(
    tx: StoreTransaction,
    data: Pick<ReadinessExport, 'answers' | 'roles'>,
    actor: string,
  ): Promise<{ answers: number; roles: number }>;
}
