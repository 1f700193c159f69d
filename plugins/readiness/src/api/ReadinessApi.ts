import { createApiRef } from '@backstage/core-plugin-api';
import {
  CampaignDetailResponse,
  CampaignGroupsResponse,
  CampaignEntitiesResponse,
  CampaignInput,
  CampaignListResponse,
  CampaignSummary,
  EntitiesCampaignsResponse,
  EntityCampaignsResponse,
  AnswerInput,
  CostTableInput,
  CostTableResponse,
  CostTableWriteResponse,
  ExemptionListResponse,
  ExemptionRequest,
  ExemptionWriteResponse,
  SystemCostListResponse,
  SystemCostQuery,
  HistoryResponse,
  ReadinessModel,
  RoleInput,
  RollupDetailResponse,
  RollupKind,
  RollupListResponse,
  ScorecardListResponse,
  ScorecardResponse,
  EntityScorecard,
  HierarchyProblemsResponse,
  StoredAnswer,
  StoredRoleAssignment,
  UpcomingImpactReport,
} from '@prodready/plugin-readiness-common';

/** Query of an organisation-wide rollup listing. @public */
export interface RollupListQuery {
  by: RollupKind;
  /** Only children of this rollup; `none` for roots. */
  parent?: string;
  q?: string;
  sort?: 'score' | 'title' | 'ref';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  asOf?: string;
}

/** Query of a scorecard listing. @public */
export interface ScorecardListQuery {
  owner?: string[];
  system?: string;
  domain?: string;
  kind?: string;
  lifecycle?: string;
  q?: string;
  /** Only entities with an own answer that expires on or before this day (YYYY-MM-DD), or expired. */
  expiringBy?: string;
  sort?: 'score' | 'title' | 'entityRef' | 'nextExpiry';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** The client of the readiness backend. @public */
export interface ReadinessApi {
  getModel(): Promise<ReadinessModel>;
  /**
   * The entity's scorecard. `etag`: the entity's catalog etag as the page
   * read it; the backend then need not ask the catalog again when the stored
   * scorecard was computed from it.
   */
  getScorecard(
    entityRef: string,
    options?: { etag?: string },
  ): Promise<ScorecardResponse>;
  /** Writes an answer; `input.version` is the version the user saw (0 for none). */
  putAnswer(
    entityRef: string,
    checkId: string,
    input: AnswerInput,
  ): Promise<{ answer: StoredAnswer; scorecard: EntityScorecard }>;
  deleteAnswer(
    entityRef: string,
    checkId: string,
    version: number,
  ): Promise<{ scorecard: EntityScorecard }>;
  reviewAnswer(
    entityRef: string,
    checkId: string,
    version: number,
  ): Promise<{ answer: StoredAnswer; scorecard: EntityScorecard }>;
  putRole(
    entityRef: string,
    roleId: string,
    input: RoleInput,
  ): Promise<{ role: StoredRoleAssignment; scorecard: EntityScorecard }>;
  deleteRole(
    entityRef: string,
    roleId: string,
    version: number,
  ): Promise<{ scorecard: EntityScorecard }>;
  getHistory(entityRef: string): Promise<HistoryResponse>;
  /** The cost table stored in the portal (its version is what a write sends), or null. */
  getCostTable(entityRef: string): Promise<CostTableResponse>;
  /** Writes the cost table; `input.version` is the version the user saw (0 for none). */
  putCostTable(
    entityRef: string,
    input: CostTableInput,
  ): Promise<CostTableWriteResponse>;
  deleteCostTable(
    entityRef: string,
    version: number,
  ): Promise<{ scorecard: EntityScorecard }>;
  /** The entity's exemptions, newest first, with whether the caller may decide each. */
  listExemptions(entityRef: string): Promise<ExemptionListResponse>;
  /** Asks for an exemption of a failing check (pending until someone else approves it). */
  requestExemption(
    entityRef: string,
    input: ExemptionRequest,
  ): Promise<ExemptionWriteResponse>;
  /** Approves or rejects a pending exemption at the version seen. */
  decideExemption(
    entityRef: string,
    exemptionId: string,
    decision: 'approve' | 'reject',
    input: { version: number; note?: string },
  ): Promise<ExemptionWriteResponse>;
  /** What each System costs at a number of users, a page at a time. */
  listSystemCosts(query: SystemCostQuery): Promise<SystemCostListResponse>;
  listScorecards(query: ScorecardListQuery): Promise<ScorecardListResponse>;
  /**
   * Every scorecard matching the filters of {@link ReadinessApi.listScorecards}
   * that the user may read, as the backend's CSV in entity-ref order (one
   * streamed request); `onRows` hears how many rows have arrived so far.
   */
  exportScorecardsCsv(
    filter: Omit<ScorecardListQuery, 'sort' | 'order' | 'limit' | 'offset'>,
    options?: { onRows?: (rows: number) => void },
  ): Promise<string>;
  listRollups(query: RollupListQuery): Promise<RollupListResponse>;
  /**
   * A rollup with its entities (`limit`, `offset`) and its children, the
   * lowest scores first (`childLimit`, default 1,000; 0 for none).
   */
  getRollup(
    rollupRef: string,
    options?: {
      asOf?: string;
      limit?: number;
      offset?: number;
      childLimit?: number;
    },
  ): Promise<RollupDetailResponse>;
  /**
   * What the last full computation found wrong in the group hierarchy
   * (cycles, self-parents, missing parent or child groups). Admins only.
   */
  getHierarchyProblems(): Promise<HierarchyProblemsResponse>;
  /** What the staged checks will do on their dates, as the last full run computed it. */
  getUpcomingImpact(): Promise<UpcomingImpactReport>;
  /** Campaigns with their progress; with `group`, that group's part of those it has entities in. */
  listCampaigns(query?: {
    group?: string;
    open?: boolean;
  }): Promise<CampaignListResponse>;
  /** A campaign with its progress and burn-up. */
  getCampaign(id: string): Promise<CampaignDetailResponse>;
  /** A page of a campaign's top-level teams, or of one team's sub-teams (`parent`). */
  listCampaignGroups(
    id: string,
    query?: { parent?: string; limit?: number; offset?: number },
  ): Promise<CampaignGroupsResponse>;
  /** A page of a campaign's entities, by default those not done. */
  listCampaignEntities(
    id: string,
    query?: {
      status?: 'done' | 'not-done' | 'all';
      owner?: string;
      limit?: number;
      offset?: number;
    },
  ): Promise<CampaignEntitiesResponse>;
  /** The campaigns an entity is part of and what it still needs. */
  getEntityCampaigns(entityRef: string): Promise<EntityCampaignsResponse>;
  /** The campaigns of each of a few entities (at most 25), those the user may read. */
  getEntitiesCampaigns(
    entityRefs: string[],
  ): Promise<EntitiesCampaignsResponse>;
  createCampaign(input: CampaignInput): Promise<{ campaign: CampaignSummary }>;
  /** Changes a campaign; `input.version` is the version the user saw. */
  updateCampaign(
    id: string,
    input: CampaignInput,
  ): Promise<{ campaign: CampaignSummary }>;
  deleteCampaign(id: string, version: number): Promise<void>;
}

/** @public */
export const readinessApiRef = createApiRef<ReadinessApi>({
  id: 'plugin.readiness.service',
});
