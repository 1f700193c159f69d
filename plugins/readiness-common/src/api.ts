import {
  EntityScorecard,
  ReadinessAnswer,
  ReadinessRoleAssignment,
  Rollup,
  RollupKind,
} from './types';
import { RollupMember } from './scoring/rollups';

/*
 * Shapes of the readiness backend's REST API, shared by the backend and its
 * frontend client. The OpenAPI document in the backend package describes the
 * same routes.
 */

/** `GET /entities/:kind/:namespace/:name`. @public */
export interface ScorecardResponse {
  scorecard: EntityScorecard;
  /** True when the catalog could not be reached and the last stored result is served. */
  stale: boolean;
}

/** A portal answer as stored, with its concurrency version. @public */
export type StoredAnswer = ReadinessAnswer & {
  source: 'portal';
  entityRef: string;
  version: number;
  answeredBy: string;
  answeredAt: string;
};

/** A portal role assignment as stored. @public */
export type StoredRoleAssignment = ReadinessRoleAssignment & {
  source: 'portal';
  entityRef: string;
  version: number;
  assignedBy: string;
  assignedAt: string;
};

/** One entry of the append-only history. @public */
export interface HistoryEntry {
  id: number;
  entityRef: string;
  subject: 'answer' | 'role' | 'result';
  /** Check id or role id. */
  subjectId: string;
  action: 'set' | 'delete' | 'review' | 'import';
  before: unknown | null;
  after: unknown | null;
  actor: string;
  at: string;
}

/** @public */
export interface ScoreSnapshot {
  day: string;
  score: number | null;
  level?: string | null;
}

/** `GET /entities/:kind/:namespace/:name/history`. @public */
export interface HistoryResponse {
  changes: HistoryEntry[];
  snapshots: ScoreSnapshot[];
}

/** A row of a scorecard listing: what a table or a CSV needs. @public */
export type ScorecardSummary = RollupMember & {
  title?: string;
  computedAt: string;
};

/** `GET /scorecards`. @public */
export interface ScorecardListResponse {
  items: ScorecardSummary[];
  totalCount: number;
}

/** `GET /rollups?by=`. @public */
export interface RollupListResponse {
  by: RollupKind;
  items: Rollup[];
  totalCount: number;
  /** The snapshot day served when `asOf` was given. */
  asOf?: string;
  /** When the rollups were last computed. */
  computedAt?: string;
  /** True when the last computation could not read the catalog. */
  stale: boolean;
}

/** `GET /rollups/:kind/:namespace/:name`. @public */
export interface RollupDetailResponse {
  rollup: Rollup;
  /** Sub-groups of a group, systems of a domain. */
  children: Rollup[];
  /** The entities directly owned by the group / belonging to the system or domain (paged). */
  entities: ScorecardSummary[];
  entitiesTotal: number;
  /** Daily scores of this rollup, oldest first. */
  trend: ScoreSnapshot[];
  asOf?: string;
  computedAt?: string;
  stale: boolean;
}

/** `POST /results`: automatic results pushed by a pipeline or service. @public */
export interface PushResultsRequest {
  results: {
    entityRef: string;
    checkId: string;
    status: 'met' | 'partially-met' | 'not-met';
    evidenceUrl?: string;
    note?: string;
  }[];
}

/** `GET /export` and the body of `POST /import`. @public */
export interface ReadinessExport {
  format: 'readiness-export';
  version: 1;
  exportedAt: string;
  answers: StoredAnswer[];
  roles: StoredRoleAssignment[];
}
