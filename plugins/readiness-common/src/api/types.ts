import {
  EntityScorecard,
  ReadinessAnswer,
  ReadinessRoleAssignment,
  Rollup,
  RollupKind,
} from '../types';
import type { StoredCostTable } from '../cost/costTable';
import type { ReadinessExemption } from '../exemptions/types';
import type { Campaign } from '../campaigns/campaign';
import type { RollupMember } from '../scoring/rollups';
import type { OwnersOutsideGroups } from '../scoring/ownersOutsideGroups';

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
  subject: 'answer' | 'role' | 'result' | 'cost-table' | 'exemption';
  /** Check id or role id (`cost` for the cost table). */
  subjectId: string;
  /** Exemptions: `request`, `approve`, `reject`, `end`. */
  action:
    | 'set'
    | 'delete'
    | 'review'
    | 'import'
    | 'request'
    | 'approve'
    | 'reject'
    | 'end';
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
export type ScorecardSummary = Pick<
  EntityScorecard,
  | 'entityRef'
  | 'kind'
  | 'title'
  | 'owner'
  | 'system'
  | 'domain'
  | 'lifecycle'
  | 'score'
  | 'level'
  | 'computedAt'
> & {
  /** Score per category id. */
  categories: Record<string, number | null>;
  /** Gate checks not met. */
  gateFailures: number;
  productionBelowGate: boolean;
  roleProblems: number;
  /** Too few checks apply to the entity to assess it (see `EntityScorecard.notAssessed`). */
  notAssessed?: true;
  /** When the first of the entity's own answers expires, or expired (ISO); see `nextOwnExpiryOf`. */
  nextExpiry?: string;
} & Pick<RollupMember, 'roleGaps' | 'exemptions' | 'upcoming'>;

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
  /** Sub-groups of a group, systems of a domain: the lowest scores first, up to `childLimit`. */
  children: Rollup[];
  /** How many children the rollup has, however many came. */
  childrenTotal: number;
  /** The entities directly owned by the group / belonging to the system or domain (paged). */
  entities: ScorecardSummary[];
  entitiesTotal: number;
  /** Daily scores of this rollup, oldest first. */
  trend: ScoreSnapshot[];
  asOf?: string;
  computedAt?: string;
  stale: boolean;
}

/** `PUT .../answers/:checkId` and `POST .../answers/:checkId/review`. @public */
export interface AnswerWriteResponse {
  answer: StoredAnswer;
  /** The rescored scorecard; absent when the caller may not read scorecards (`readiness.scorecard.read`). */
  scorecard?: EntityScorecard;
}

/** `PUT .../roles/:roleId`. @public */
export interface RoleWriteResponse {
  role: StoredRoleAssignment;
  /** The rescored scorecard; absent when the caller may not read scorecards (`readiness.scorecard.read`). */
  scorecard?: EntityScorecard;
}

/** `DELETE .../answers/:checkId` and `DELETE .../roles/:roleId`: the rescored entity. @public */
export interface DeleteWriteResponse {
  /** The rescored scorecard; absent when the caller may not read scorecards (`readiness.scorecard.read`). */
  scorecard?: EntityScorecard;
}

/**
 * The body of a 409: Backstage's error body plus what is stored now (the
 * record the write was about: an answer, a role assignment, a cost table,
 * an exemption or a campaign), so a client can show it and re-apply the
 * user's edit on the newer version. `current` is absent on a write to an
 * entity's records by a caller who may not read scorecards
 * (`readiness.scorecard.read`).
 * @public
 */
export interface ConflictResponseBody {
  error: {
    name: 'ConflictError';
    message: string;
    current?:
      | StoredAnswer
      | StoredRoleAssignment
      | StoredCostTable
      | ReadinessExemption
      | Campaign
      | null;
  };
}

/** `POST /results`. @public */
export interface PushResultsResponse {
  accepted: number;
}

/** `DELETE /results/:kind/:namespace/:name`. @public */
export interface DeleteResultsResponse {
  deleted: number;
}

/** `POST /import`. @public */
export interface ImportResponse {
  answers: number;
  roles: number;
  /** Cost tables imported; absent when the backup has none (they were left as they were). */
  costTables?: number;
  /** Exemptions restored; absent when not restored (they were left as they were). */
  exemptions?: number;
  /** Portal campaigns restored; absent when not restored (they were left as they were). */
  campaigns?: number;
  /**
   * What the backup holds but an import without `restore=true` leaves as it
   * was: exemptions (their approvals) and portal campaigns belong to the
   * portal they were made in.
   */
  notRestored?: ('exemptions' | 'campaigns')[];
  /**
   * A restore's checks and roles (the first 20 of each) that the model does
   * not have, such as a check disabled since the backup: their answers,
   * roles and exemptions were restored as they are, and count again when
   * the check or role comes back; absent when there are none.
   */
  outsideModel?: { checks: string[]; roles: string[] };
  /** True when answeredBy/reviewedBy were kept as in the backup. */
  restored: boolean;
}

/**
 * `GET /hierarchy-problems`: what the last full run found wrong in the group
 * hierarchy, and the entities it counted in no group's rollup.
 * @public
 */
export interface HierarchyProblemsResponse {
  /** The first {@link HIERARCHY_PROBLEMS_LISTED} problems. */
  problems: string[];
  /** How many problems there are, however many are listed (absent from older backends). */
  problemsTotal?: number;
  /** Absent before the first full run that counted them. */
  ownersOutsideGroups?: OwnersOutsideGroups;
  computedAt?: string;
}

/**
 * How many hierarchy problems a full run keeps: a catalog with thousands of
 * dangling group references would otherwise make each read of the last
 * run's state, and each run's log, that long. @public
 */
export const HIERARCHY_PROBLEMS_LISTED = 100;

/** `GET /health/ready`: whether this instance can serve. @public */
export interface ReadinessProbeResponse {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  /** The last full run that read the whole catalog (not one that lost it half-way). */
  lastFullRun: {
    finishedAt?: string;
    /** Seconds since that run finished. */
    ageSeconds?: number;
  };
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
  /** Portal cost tables; absent in exports made before there were any. */
  costTables?: StoredCostTable[];
  /** Every exemption, whatever its status; absent in exports made before. */
  exemptions?: ReadinessExemption[];
  /** The portal campaigns (app-config ones are in the configuration); absent in exports made before. */
  campaigns?: Campaign[];
}

/** A scorecard summary with the checks the entity fails. @public */
export type ScorecardWithFailingChecks = ScorecardSummary & {
  /** Ids of the applicable checks that are not met (nor N/A, exempt or upcoming). */
  failingChecks: string[];
};

/** `GET /scorecards/failing-checks`. @public */
export interface FailingChecksResponse {
  items: ScorecardWithFailingChecks[];
  /**
   * Pass as `after` for the next page; absent once no entity can follow. It
   * may be present on the last page, and then the page after it is empty.
   */
  next?: string;
}
