import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  AnswerInput,
  CostTable,
  EntityScorecard,
  StoredCostTable,
  ReadinessExport,
  Rollup,
  RollupKind,
  StoredAnswer,
} from '@prodready/plugin-readiness-common';
import { Backup } from './backup';
import { CampaignStore, createCampaignStore } from './campaignStore';
import { CostTables } from './costTables';
import { ExemptionInput, ExemptionTable } from './exemptionTable';
import { FreshnessQueries } from './freshnessQueries';
import { HistoryTable } from './historyTable';
import { applyDatabaseMigrations } from './migrations';
import { NoticeKey, NoticesSent } from './noticesSent';
import { SnapshotLevels } from './snapshotLevels';
import { PortalRecords } from './portalRecords';
import { PushedResults } from './pushedResults';
import {
  CatalogFacts,
  FingerprintBasis,
  PushedResult,
  ReadinessStore,
  RollupQuery,
  ScorecardQuery,
  ScorecardRowInput,
  SnapshotEntity,
  SnapshotKind,
  StoreTransaction,
} from './ReadinessStore';
import { RollupTable } from './rollupTable';
import { ScorecardTable } from './scorecardTable';
import { lockKeys } from './serialisationLocks';
import { SnapshotTable } from './snapshotTable';
import { StateTable } from './stateTable';
import { knexOf, StoreDatabase, toStoreTransaction } from './storeDatabase';

/**
 * The knex implementation of {@link ReadinessStore}, for SQLite and
 * PostgreSQL. Each section of the store (records, results, history,
 * scorecards, rollups, snapshots, state, backup) lives in a module of its
 * own; this class only opens transactions and hands each call to its
 * section, so callers see one store and no knex.
 */
export class DatabaseReadinessStore implements ReadinessStore {
  /** Connects, applies the migrations unless `database.migrations.skip` says not to, and opens the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseReadinessStore> {
    return new DatabaseReadinessStore(
      await applyDatabaseMigrations(options.database),
    );
  }

  readonly campaigns: CampaignStore;
  private readonly store: StoreDatabase;
  private readonly history: HistoryTable;
  private readonly records: PortalRecords;
  private readonly results: PushedResults;
  private readonly scorecards: ScorecardTable;
  private readonly rollups: RollupTable;
  private readonly snapshots: SnapshotTable;
  private readonly state: StateTable;
  private readonly freshness: FreshnessQueries;
  private readonly backup: Backup;
  private readonly costs: CostTables;
  private readonly notices: NoticesSent;
  private readonly snapshotLevels: SnapshotLevels;
  private readonly exemptions: ExemptionTable;

  private constructor(db: Knex) {
    this.store = new StoreDatabase(db);
    this.campaigns = createCampaignStore(this.store);
    this.history = new HistoryTable(this.store);
    this.records = new PortalRecords(this.store, this.history);
    this.results = new PushedResults(this.store, this.history);
    this.scorecards = new ScorecardTable(this.store);
    this.rollups = new RollupTable(this.store);
    this.snapshots = new SnapshotTable(this.store);
    this.state = new StateTable(this.store);
    this.freshness = new FreshnessQueries(this.store);
    this.backup = new Backup(this.store);
    this.costs = new CostTables(this.store, this.history);
    this.notices = new NoticesSent(this.store);
    this.snapshotLevels = new SnapshotLevels(this.store);
    this.exemptions = new ExemptionTable(this.store, this.history);
  }

  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.store.db.transaction(tx => fn(toStoreTransaction(tx)));
  }

  lockEntities(tx: StoreTransaction, entityRefs: string[]) {
    return lockKeys(knexOf(tx), entityRefs);
  }

  // Portal answers and roles

  getAnswers(entityRefs: string[], tx?: StoreTransaction) {
    return this.records.getAnswers(entityRefs, tx);
  }

  getAnswer(entityRef: string, checkId: string, tx?: StoreTransaction) {
    return this.records.getAnswer(entityRef, checkId, tx);
  }

  putAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    input: Omit<AnswerInput, 'version'>,
    actor: string,
    expectedVersion: number,
  ) {
    return this.records.putAnswer(
      tx,
      entityRef,
      checkId,
      input,
      actor,
      expectedVersion,
    );
  }

  deleteAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    actor: string,
    expectedVersion: number,
  ) {
    return this.records.deleteAnswer(
      tx,
      entityRef,
      checkId,
      actor,
      expectedVersion,
    );
  }

  reviewAnswer(
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    reviewer: string,
    expectedVersion: number,
  ): Promise<StoredAnswer> {
    return this.records.reviewAnswer(
      tx,
      entityRef,
      checkId,
      reviewer,
      expectedVersion,
    );
  }

  getRoles(entityRefs: string[], tx?: StoreTransaction) {
    return this.records.getRoles(entityRefs, tx);
  }

  putRole(
    tx: StoreTransaction,
    entityRef: string,
    roleId: string,
    holders: string[],
    actor: string,
    expectedVersion: number,
  ) {
    return this.records.putRole(
      tx,
      entityRef,
      roleId,
      holders,
      actor,
      expectedVersion,
    );
  }

  deleteRole(
    tx: StoreTransaction,
    entityRef: string,
    roleId: string,
    actor: string,
    expectedVersion: number,
  ) {
    return this.records.deleteRole(
      tx,
      entityRef,
      roleId,
      actor,
      expectedVersion,
    );
  }

  // Pushed results

  getResults(entityRefs: string[], tx?: StoreTransaction) {
    return this.results.getResults(entityRefs, tx);
  }

  putResults(tx: StoreTransaction, results: PushedResult[], actor: string) {
    return this.results.putResults(tx, results, actor);
  }

  deleteResults(
    tx: StoreTransaction,
    entityRef: string,
    checkIds: string[] | undefined,
    actor: string,
  ) {
    return this.results.deleteResults(tx, entityRef, checkIds, actor);
  }

  // History

  getHistory(entityRef: string, limit: number) {
    return this.history.getHistory(entityRef, limit);
  }

  historyWatermark() {
    return this.history.historyWatermark();
  }

  entitiesChangedSince(watermark: number) {
    return this.history.entitiesChangedSince(watermark);
  }

  deleteHistoryBefore(at: string, batchSize: number) {
    return this.history.deleteHistoryBefore(at, batchSize);
  }

  // Precomputed scorecards

  getScorecard(entityRef: string, tx?: StoreTransaction, forUpdate = false) {
    return this.scorecards.getScorecard(entityRef, tx, forUpdate);
  }

  async getScorecardWithState<T>(entityRef: string, stateKey: string) {
    const found = await this.scorecards.getScorecardWithState<T>(
      entityRef,
      stateKey,
    );
    return found ?? { state: await this.state.getState<T>(stateKey) };
  }

  putScorecards(tx: StoreTransaction, rows: ScorecardRowInput[]) {
    return this.scorecards.putScorecards(tx, rows);
  }

  putScorecardDetail(fingerprint: string, scorecard: EntityScorecard) {
    return this.scorecards.putScorecardDetail(fingerprint, scorecard);
  }

  putInputBases(tx: StoreTransaction, bases: Map<string, FingerprintBasis>) {
    return this.scorecards.putInputBases(tx, bases);
  }

  countScorecards() {
    return this.scorecards.countScorecards();
  }

  getScorecardInputs(entityRefs: string[], tx?: StoreTransaction) {
    return this.scorecards.getScorecardInputs(entityRefs, tx);
  }

  streamRollupMembers(tx: StoreTransaction, pageSize: number) {
    return this.scorecards.streamRollupMembers(tx, pageSize);
  }

  deleteScorecards(tx: StoreTransaction, entityRefs: string[]) {
    return this.scorecards.deleteScorecards(tx, entityRefs);
  }

  getScorecardEtags() {
    return this.freshness.getScorecardEtags();
  }

  // Catalog facts of the freshness pass

  getCatalogFactEtags() {
    return this.freshness.getCatalogFactEtags();
  }

  getCatalogFacts(entityRefs: string[]) {
    return this.freshness.getCatalogFacts(entityRefs);
  }

  putCatalogFacts(facts: CatalogFacts[]) {
    return this.freshness.putCatalogFacts(facts);
  }

  deleteCatalogFacts(entityRefs: string[]) {
    return this.freshness.deleteCatalogFacts(entityRefs);
  }

  listScorecards(query: ScorecardQuery) {
    return this.scorecards.listScorecards(query);
  }

  streamScorecards(pageSize: number) {
    return this.scorecards.streamScorecards(pageSize);
  }

  listScorecardStatuses(after: string, limit: number) {
    return this.scorecards.listScorecardStatuses(after, limit);
  }

  // Rollups

  getRollups(refs: string[], tx?: StoreTransaction, forUpdate = false) {
    return this.rollups.getRollups(refs, tx, forUpdate);
  }

  getRollupWithChildren<T>(ref: string, kind: RollupKind, stateKey: string) {
    return this.rollups.getRollupWithChildren<T>(ref, kind, stateKey);
  }

  getGroupChains(groupRefs: string[], tx?: StoreTransaction) {
    return this.rollups.getGroupChains(groupRefs, tx);
  }

  lockRollups(tx: StoreTransaction) {
    return this.rollups.lockRollups(tx);
  }

  deleteRollups(tx: StoreTransaction, refs: string[]) {
    return this.rollups.deleteRollups(tx, refs);
  }

  putRollups(tx: StoreTransaction, rollups: Rollup[], computedAt: string) {
    return this.rollups.putRollups(tx, rollups, computedAt);
  }

  deleteRollupsComputedBefore(tx: StoreTransaction, computedAt: string) {
    return this.rollups.deleteRollupsComputedBefore(tx, computedAt);
  }

  listRollups(query: RollupQuery) {
    return this.rollups.listRollups(query);
  }

  listRollupTexts(query: RollupQuery) {
    return this.rollups.listRollupTexts(query);
  }

  // Snapshots

  putSnapshots(
    tx: StoreTransaction,
    day: string,
    entities: SnapshotEntity[],
    rollups: Rollup[],
  ) {
    return this.snapshots.putSnapshots(tx, day, entities, rollups);
  }

  snapshotDayOnOrBefore(day: string) {
    return this.snapshots.snapshotDayOnOrBefore(day);
  }

  listRollupsAsOf(day: string, query: RollupQuery) {
    return this.snapshots.listRollupsAsOf(day, query);
  }

  getRollupAsOf(day: string, ref: string) {
    return this.snapshots.getRollupAsOf(day, ref);
  }

  listEntitiesAsOf(day: string, owner: string, limit: number, offset: number) {
    return this.snapshots.listEntitiesAsOf(day, owner, limit, offset);
  }

  getSnapshots(ref: string, kind: SnapshotKind, sinceDay: string) {
    return this.snapshots.getSnapshots(ref, kind, sinceDay);
  }

  listSnapshotDaysBefore(day: string) {
    return this.snapshots.listSnapshotDaysBefore(day);
  }

  deleteSnapshotDay(day: string, batchSize: number) {
    return this.snapshots.deleteSnapshotDay(day, batchSize);
  }

  // Cost tables

  getCostTables(entityRefs: string[], tx?: StoreTransaction) {
    return this.costs.getCostTables(entityRefs, tx);
  }

  getCostTable(entityRef: string, tx?: StoreTransaction) {
    return this.costs.getCostTable(entityRef, tx);
  }

  putCostTable(
    tx: StoreTransaction,
    entityRef: string,
    table: CostTable,
    actor: string,
    expectedVersion: number,
  ) {
    return this.costs.putCostTable(
      tx,
      entityRef,
      table,
      actor,
      expectedVersion,
    );
  }

  deleteCostTable(
    tx: StoreTransaction,
    entityRef: string,
    actor: string,
    expectedVersion: number,
  ) {
    return this.costs.deleteCostTable(tx, entityRef, actor, expectedVersion);
  }

  exportCostTables() {
    return this.costs.exportAll();
  }

  importCostTables(
    tx: StoreTransaction,
    tables: StoredCostTable[],
    actor: string,
  ) {
    return this.costs.importAll(tx, tables, actor);
  }

  // Exemptions

  getOpenExemptions(entityRefs: string[], tx?: StoreTransaction) {
    return this.exemptions.getOpenExemptions(entityRefs, tx);
  }

  listExemptions(entityRef: string) {
    return this.exemptions.listExemptions(entityRef);
  }

  getExemption(id: string, tx?: StoreTransaction) {
    return this.exemptions.getExemption(id, tx);
  }

  getNoticeExemptions(entityRefs: string[], since: string) {
    return this.exemptions.getNoticeExemptions(entityRefs, since);
  }

  requestExemption(
    tx: StoreTransaction,
    entityRef: string,
    input: ExemptionInput,
    actor: string,
  ) {
    return this.exemptions.requestExemption(tx, entityRef, input, actor);
  }

  decideExemption(
    tx: StoreTransaction,
    id: string,
    decision: 'approved' | 'rejected',
    actor: string,
    expectedVersion: number,
    note?: string,
  ) {
    return this.exemptions.decideExemption(
      tx,
      id,
      decision,
      actor,
      expectedVersion,
      note,
    );
  }

  recordEndedExemptions(today: string, actor: string) {
    return this.exemptions.recordEndedExemptions(today, actor);
  }

  // State and backup

  getEntityLevelsAsOf(day: string, entityRefs: string[]) {
    return this.snapshotLevels.getEntityLevelsAsOf(day, entityRefs);
  }

  getSentNotices(keys: NoticeKey[]) {
    return this.notices.getSentNotices(keys);
  }

  markNoticesCurrent(keys: NoticeKey[], checkedAt: string) {
    return this.notices.markNoticesCurrent(keys, checkedAt);
  }

  deleteNoticesCheckedBefore(kinds: string[], checkedAt: string) {
    return this.notices.deleteNoticesCheckedBefore(kinds, checkedAt);
  }

  getState<T>(key: string) {
    return this.state.getState<T>(key);
  }

  setState(key: string, value: unknown, tx?: StoreTransaction) {
    return this.state.setState(key, value, tx);
  }

  exportAll() {
    return this.backup.exportAll();
  }

  importAll(
    tx: StoreTransaction,
    data: Pick<ReadinessExport, 'answers' | 'roles'>,
    actor: string,
  ) {
    return this.backup.importAll(tx, data, actor);
  }
}
