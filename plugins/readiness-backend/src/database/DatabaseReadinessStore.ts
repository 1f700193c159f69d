import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { RollupKind } from '@prodready/plugin-readiness-common';
import { Backup } from './backup';
import { CampaignStore, createCampaignStore } from './campaignStore';
import { CostTables } from './costTables';
import { DepartedEntities, DepartedEntityStore } from './departedEntities';
import { ExemptionTable } from './exemptionTable';
import { FreshnessQueries } from './freshnessQueries';
import { HistoryTable } from './historyTable';
import { applyDatabaseMigrations } from './migrations';
import { NoticesSent } from './noticesSent';
import { NoticeEvaluations } from './noticeEvaluations';
import { SnapshotLevels } from './snapshotLevels';
import { PortalRecords } from './portalRecords';
import { PushedResults } from './pushedResults';
import {
  BackupPages,
  ReadinessStore,
  RollupQuery,
  StoreTransaction,
} from './ReadinessStore';
import { RollupTable } from './rollupTable';
import { ScorecardLists } from './scorecardLists';
import { InputBases } from './inputBases';
import { ScorecardTable } from './scorecardTable';
import { deleteLocksBefore, lockKeys } from './serialisationLocks';
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
  readonly noticeEvaluations: NoticeEvaluations;
  readonly departures: DepartedEntityStore;
  private readonly store: StoreDatabase;
  private readonly history: HistoryTable;
  private readonly records: PortalRecords;
  private readonly results: PushedResults;
  private readonly scorecards: ScorecardTable;
  private readonly inputBases: InputBases;
  private readonly lists: ScorecardLists;
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
    this.inputBases = new InputBases(this.store);
    this.lists = new ScorecardLists(this.store);
    this.rollups = new RollupTable(this.store);
    this.snapshots = new SnapshotTable(this.store);
    this.state = new StateTable(this.store);
    this.freshness = new FreshnessQueries(this.store);
    this.backup = new Backup(this.store);
    this.costs = new CostTables(this.store, this.history);
    this.notices = new NoticesSent(this.store);
    this.noticeEvaluations = new NoticeEvaluations(this.store);
    this.snapshotLevels = new SnapshotLevels(this.store);
    this.exemptions = new ExemptionTable(this.store, this.history);
    this.departures = new DepartedEntities(this.store, this.history, {
      records: this.records,
      results: this.results,
      costs: this.costs,
      exemptions: this.exemptions,
    });
  }

  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.store.db.transaction(tx => fn(toStoreTransaction(tx)));
  }

  readSnapshot<T>(
    fn: (tx?: StoreTransaction) => Promise<T>,
    { idleMs = 10 * 60 * 1000 }: { idleMs?: number } = {},
  ): Promise<T> {
    if (!this.store.isPostgres) return fn();
    return this.store.db.transaction(
      async tx => {
        // A snapshot held open holds back vacuum: never for ever.
        await tx.raw(
          `SET LOCAL idle_in_transaction_session_timeout = ${Math.max(
            1,
            Math.round(idleMs),
          )}`,
        );
        return fn(toStoreTransaction(tx));
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  lockEntities(tx: StoreTransaction, entityRefs: string[]) {
    return lockKeys(knexOf(tx), entityRefs);
  }

  deleteStaleDetails(batchSize: number) {
    return this.scorecards.deleteStaleDetails(batchSize);
  }

  deleteLocksBefore(at: string) {
    return deleteLocksBefore(this.store.db, at);
  }

  // Portal answers and roles

  readonly getAnswers: ReadinessStore['getAnswers'] = (...args) =>
    this.records.getAnswers(...args);

  readonly getAnswer: ReadinessStore['getAnswer'] = (...args) =>
    this.records.getAnswer(...args);

  readonly putAnswer: ReadinessStore['putAnswer'] = (...args) =>
    this.records.putAnswer(...args);

  readonly deleteAnswer: ReadinessStore['deleteAnswer'] = (...args) =>
    this.records.deleteAnswer(...args);

  readonly reviewAnswer: ReadinessStore['reviewAnswer'] = (...args) =>
    this.records.reviewAnswer(...args);

  readonly getRoles: ReadinessStore['getRoles'] = (...args) =>
    this.records.getRoles(...args);

  readonly putRole: ReadinessStore['putRole'] = (...args) =>
    this.records.putRole(...args);

  readonly deleteRole: ReadinessStore['deleteRole'] = (...args) =>
    this.records.deleteRole(...args);

  // Pushed results

  readonly getResults: ReadinessStore['getResults'] = (...args) =>
    this.results.getResults(...args);

  readonly putResults: ReadinessStore['putResults'] = (...args) =>
    this.results.putResults(...args);

  readonly deleteResults: ReadinessStore['deleteResults'] = (...args) =>
    this.results.deleteResults(...args);

  // History

  readonly getHistory: ReadinessStore['getHistory'] = (...args) =>
    this.history.getHistory(...args);

  readonly historyWatermark: ReadinessStore['historyWatermark'] = (...args) =>
    this.history.historyWatermark(...args);

  readonly historyWatermarkOf: ReadinessStore['historyWatermarkOf'] = (
    ...args
  ) => this.history.historyWatermarkOf(...args);

  readonly writtenSince: ReadinessStore['writtenSince'] = (tx, ...args) =>
    this.history.writtenSince(knexOf(tx), ...args);

  readonly changedEntityPages: ReadinessStore['changedEntityPages'] = (
    ...args
  ) => this.history.changedEntityPages(...args);

  readonly deleteHistoryBefore: ReadinessStore['deleteHistoryBefore'] = (
    ...args
  ) => this.history.deleteHistoryBefore(...args);

  // Precomputed scorecards

  getScorecard(entityRef: string, tx?: StoreTransaction) {
    return this.scorecards.getScorecard(entityRef, tx);
  }

  readonly lockMembers: ReadinessStore['lockMembers'] = (...args) =>
    this.scorecards.lockMembers(...args);

  async getScorecardWithState<T>(entityRef: string, stateKey: string) {
    const found = await this.scorecards.getScorecardWithState<T>(
      entityRef,
      stateKey,
    );
    return found ?? { state: await this.state.getState<T>(stateKey) };
  }

  readonly putScorecards: ReadinessStore['putScorecards'] = (...args) =>
    this.scorecards.putScorecards(...args);

  readonly putScorecardDetail: ReadinessStore['putScorecardDetail'] = (
    ...args
  ) => this.scorecards.putScorecardDetail(...args);

  readonly putInputBases: ReadinessStore['putInputBases'] = (...args) =>
    this.inputBases.put(...args);

  readonly forgetRecordTables: ReadinessStore['forgetRecordTables'] = (
    ...args
  ) => this.inputBases.forgetRecordTables(...args);

  readonly countScorecards: ReadinessStore['countScorecards'] = (...args) =>
    this.scorecards.countScorecards(...args);

  readonly countScorecardsByOwner: ReadinessStore['countScorecardsByOwner'] = (
    ...args
  ) => this.scorecards.countScorecardsByOwner(...args);

  readonly streamScorecardInputs: ReadinessStore['streamScorecardInputs'] = (
    ...args
  ) => this.scorecards.streamScorecardInputs(...args);
  readonly getScorecardInputs: ReadinessStore['getScorecardInputs'] = (
    ...args
  ) => this.scorecards.getScorecardInputs(...args);

  readonly scorecardsComputedSince: ReadinessStore['scorecardsComputedSince'] =
    (...args) => this.scorecards.scorecardsComputedSince(...args);
  readonly streamScorecardRefs: ReadinessStore['streamScorecardRefs'] = (
    ...args
  ) => this.scorecards.streamScorecardRefs(...args);

  readonly streamRollupMembers: ReadinessStore['streamRollupMembers'] = (
    ...args
  ) => this.scorecards.streamRollupMembers(...args);

  readonly deleteScorecards: ReadinessStore['deleteScorecards'] = (...args) =>
    this.scorecards.deleteScorecards(...args);

  readonly getScorecardEtags: ReadinessStore['getScorecardEtags'] = (...args) =>
    this.freshness.getScorecardEtags(...args);

  // Catalog facts of the freshness pass

  readonly getCatalogFactEtags: ReadinessStore['getCatalogFactEtags'] = (
    ...args
  ) => this.freshness.getCatalogFactEtags(...args);

  readonly countCatalogFacts: ReadinessStore['countCatalogFacts'] = () =>
    this.freshness.countCatalogFacts();

  readonly streamCatalogFactRefs: ReadinessStore['streamCatalogFactRefs'] = (
    ...args
  ) => this.freshness.streamCatalogFactRefs(...args);

  readonly getCatalogFacts: ReadinessStore['getCatalogFacts'] = (...args) =>
    this.freshness.getCatalogFacts(...args);

  readonly putCatalogFacts: ReadinessStore['putCatalogFacts'] = (...args) =>
    this.freshness.putCatalogFacts(...args);

  readonly deleteCatalogFacts: ReadinessStore['deleteCatalogFacts'] = (
    ...args
  ) => this.freshness.deleteCatalogFacts(...args);

  readonly listScorecards: ReadinessStore['listScorecards'] = (...args) =>
    this.lists.listScorecards(...args);

  readonly streamScorecards: ReadinessStore['streamScorecards'] = (...args) =>
    this.lists.streamScorecards(...args);

  readonly getCheckStatuses: ReadinessStore['getCheckStatuses'] = (...args) =>
    this.lists.getCheckStatuses(...args);

  readonly listScorecardStatuses: ReadinessStore['listScorecardStatuses'] = (
    ...args
  ) => this.lists.listScorecardStatuses(...args);

  // Rollups

  getRollups(refs: string[], tx?: StoreTransaction, forUpdate = false) {
    return this.rollups.getRollups(refs, tx, forUpdate);
  }

  getRollupWithChildren<T>(
    ref: string,
    kind: RollupKind,
    stateKey: string,
    options?: { trendSince?: string; childLimit?: number },
  ) {
    return this.rollups.getRollupWithChildren<T>(ref, kind, stateKey, options);
  }

  readonly getGroupChains: ReadinessStore['getGroupChains'] = (...args) =>
    this.rollups.getGroupChains(...args);

  readonly lockRollups: ReadinessStore['lockRollups'] = (...args) =>
    this.rollups.lockRollups(...args);

  readonly lockRollupCreation: ReadinessStore['lockRollupCreation'] = (
    ...args
  ) => this.rollups.lockCreation(...args);

  readonly storedRollupRefs: ReadinessStore['storedRollupRefs'] = (...args) =>
    this.rollups.storedRefs(...args);

  readonly deleteRollups: ReadinessStore['deleteRollups'] = (...args) =>
    this.rollups.deleteRollups(...args);

  readonly putRollups: ReadinessStore['putRollups'] = (...args) =>
    this.rollups.putRollups(...args);

  readonly deleteRollupsComputedBefore: ReadinessStore['deleteRollupsComputedBefore'] =
    (...args) => this.rollups.deleteRollupsComputedBefore(...args);

  readonly listRollups: ReadinessStore['listRollups'] = (...args) =>
    this.rollups.listRollups(...args);

  listRollupTexts<T>(query: RollupQuery, stateKey?: string) {
    return this.rollups.listRollupTexts<T>(query, stateKey);
  }

  // Snapshots

  readonly putSnapshots: ReadinessStore['putSnapshots'] = (...args) =>
    this.snapshots.putSnapshots(...args);

  readonly snapshotDayOnOrBefore: ReadinessStore['snapshotDayOnOrBefore'] = (
    ...args
  ) => this.snapshots.snapshotDayOnOrBefore(...args);

  readonly listRollupsAsOf: ReadinessStore['listRollupsAsOf'] = (...args) =>
    this.snapshots.listRollupsAsOf(...args);

  readonly getRollupAsOf: ReadinessStore['getRollupAsOf'] = (...args) =>
    this.snapshots.getRollupAsOf(...args);

  readonly listEntitiesAsOf: ReadinessStore['listEntitiesAsOf'] = (...args) =>
    this.snapshots.listEntitiesAsOf(...args);

  readonly getSnapshots: ReadinessStore['getSnapshots'] = (...args) =>
    this.snapshots.getSnapshots(...args);

  readonly markSnapshotDayComplete: ReadinessStore['markSnapshotDayComplete'] =
    (...args) => this.snapshots.markSnapshotDayComplete(...args);

  readonly listCompleteSnapshotDaysBefore: ReadinessStore['listCompleteSnapshotDaysBefore'] =
    (...args) => this.snapshots.listCompleteSnapshotDaysBefore(...args);

  readonly listSnapshotDaysBefore: ReadinessStore['listSnapshotDaysBefore'] = (
    ...args
  ) => this.snapshots.listSnapshotDaysBefore(...args);

  readonly deleteSnapshotDay: ReadinessStore['deleteSnapshotDay'] = (...args) =>
    this.snapshots.deleteSnapshotDay(...args);

  // Cost tables

  readonly getCostTables: ReadinessStore['getCostTables'] = (...args) =>
    this.costs.getCostTables(...args);

  readonly getCostTable: ReadinessStore['getCostTable'] = (...args) =>
    this.costs.getCostTable(...args);

  readonly putCostTable: ReadinessStore['putCostTable'] = (...args) =>
    this.costs.putCostTable(...args);

  readonly deleteCostTable: ReadinessStore['deleteCostTable'] = (...args) =>
    this.costs.deleteCostTable(...args);

  readonly importCostTables: ReadinessStore['importCostTables'] = (...args) =>
    this.costs.importAll(...args);

  // Exemptions

  readonly getOpenExemptions: ReadinessStore['getOpenExemptions'] = (...args) =>
    this.exemptions.getOpenExemptions(...args);

  readonly listExemptions: ReadinessStore['listExemptions'] = (...args) =>
    this.exemptions.listExemptions(...args);

  readonly getExemption: ReadinessStore['getExemption'] = (...args) =>
    this.exemptions.getExemption(...args);

  readonly getNoticeExemptions: ReadinessStore['getNoticeExemptions'] = (
    ...args
  ) => this.exemptions.getNoticeExemptions(...args);

  readonly requestExemption: ReadinessStore['requestExemption'] = (...args) =>
    this.exemptions.requestExemption(...args);

  readonly decideExemption: ReadinessStore['decideExemption'] = (...args) =>
    this.exemptions.decideExemption(...args);

  readonly recordEndedExemptions: ReadinessStore['recordEndedExemptions'] = (
    ...args
  ) => this.exemptions.recordEndedExemptions(...args);

  readonly findExemptionsOver: ReadinessStore['findExemptionsOver'] = (
    ...args
  ) => this.exemptions.findExemptionsOver(...args);

  readonly deleteExemptionsOver: ReadinessStore['deleteExemptionsOver'] = (
    ...args
  ) => this.exemptions.deleteExemptionsOver(...args);

  readonly importExemptions: ReadinessStore['importExemptions'] = (...args) =>
    this.exemptions.importExemptions(...args);

  // State and backup

  readonly getEntityLevelsAsOf: ReadinessStore['getEntityLevelsAsOf'] = (
    ...args
  ) => this.snapshotLevels.getEntityLevelsAsOf(...args);

  readonly getSentNotices: ReadinessStore['getSentNotices'] = (...args) =>
    this.notices.getSentNotices(...args);

  readonly markNoticesCurrent: ReadinessStore['markNoticesCurrent'] = (
    ...args
  ) => this.notices.markNoticesCurrent(...args);

  readonly keepNoticesOf: ReadinessStore['keepNoticesOf'] = (...args) =>
    this.notices.keepNoticesOf(...args);

  readonly restartUnfoundTime: ReadinessStore['restartUnfoundTime'] = (
    ...args
  ) => this.notices.restartUnfoundTime(...args);

  readonly deleteUnfoundNotices: ReadinessStore['deleteUnfoundNotices'] = (
    ...args
  ) => this.notices.deleteUnfoundNotices(...args);

  getState<T>(key: string) {
    return this.state.getState<T>(key);
  }

  readonly setState: ReadinessStore['setState'] = (...args) =>
    this.state.setState(...args);

  updateState<T>(key: string, update: (old: T | undefined) => T) {
    return this.state.updateState<T>(key, update);
  }

  exportPages(pageSize: number, tx?: StoreTransaction): BackupPages {
    return {
      answers: this.backup.answerPages(pageSize, tx),
      roles: this.backup.rolePages(pageSize, tx),
      costTables: this.costs.exportPages(pageSize, tx),
      exemptions: this.exemptions.exportPages(pageSize, tx),
    };
  }

  readonly lockForImport: ReadinessStore['lockForImport'] = (...args) =>
    this.backup.lockForImport(...args);

  readonly importAll: ReadinessStore['importAll'] = (...args) =>
    this.backup.importAll(...args);
}
