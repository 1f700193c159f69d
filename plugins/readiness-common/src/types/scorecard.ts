import type { ScorecardCostTable } from '../cost/costTable';
import type { CheckExemption } from '../exemptions/types';
import type {
  AnswerStatus,
  ReadinessAnswer,
  ReadinessRoleAssignment,
  ValidationProblem,
} from './answers';

/**
 * The status of a check after evaluation; `upcoming` for a staged check
 * before its `effectiveFrom` date.
 * @public
 */
export type CheckStatus =
  | AnswerStatus
  | 'unknown'
  | 'expired'
  | 'upcoming'
  /** A failing check waived by an approved exemption before its end date. */
  | 'exempt';

/** @public */
export type RoleProblemType =
  | 'unassigned'
  | 'holder-not-in-catalog'
  | 'single-holder-of-all-required-roles'
  | 'empty-group';

/** @public */
export interface RoleProblem {
  type: RoleProblemType;
  message: string;
  /** The holder the problem is about, where there is one. */
  holder?: string;
}

/** @public */
export interface RoleResult {
  roleId: string;
  required: boolean;
  holders: string[];
  source: 'portal' | 'annotation' | 'inherited' | 'none';
  /** Entity ref the assignment was inherited from (a System). */
  inheritedFrom?: string;
  assignment?: ReadinessRoleAssignment;
  /** Set when the annotation and the portal name different holders. */
  conflict?: { annotation: string[]; portal: string[] };
  problems: RoleProblem[];
}

/** How the result of a check was reached. @public */
export type CheckResultSource =
  | 'portal'
  | 'annotation'
  | 'automatic'
  | 'inherited'
  | 'role-health'
  | 'none';

/** @public */
export interface CheckResult {
  checkId: string;
  status: CheckStatus;
  /** 1, 0.5 or 0; null when not applicable (excluded from the denominator). */
  points: number | null;
  source: CheckResultSource;
  /** Entity ref of the System an inherited answer comes from. */
  inheritedFrom?: string;
  /** The answer the status was taken from. */
  answer?: ReadinessAnswer;
  /** When an annotation and a portal answer disagree: both, kept side by side. */
  conflict?: { annotation: ReadinessAnswer; portal: ReadinessAnswer };
  /** When the answer expires (ISO date). */
  expiresAt?: string;
  /** Set when the answer has expired: the date it expired. */
  expiredSince?: string;
  /** Problems with this check's annotation. */
  problems: ValidationProblem[];
  /**
   * A pending exemption request, or an approved exemption in force (then a
   * failing check's status is `exempt`).
   */
  exemption?: CheckExemption;
  /** For an `upcoming` check: when it starts to count and the status it would have. */
  upcoming?: { effectiveFrom: string; status: CheckStatus };
}

/** @public */
export type Risk = 'high' | 'medium' | 'none';

/** @public */
export interface CategoryScore {
  categoryId: string;
  /** 0–100, or null when no check of the category applies (all not applicable). */
  score: number | null;
  risk: Risk;
  counts: Record<CheckStatus, number>;
}

/** @public */
export interface LifecycleGate {
  /** True when `spec.lifecycle` is `production`. */
  production: boolean;
  minimumLevel?: string;
  /** False when a production entity is below the minimum level. */
  passed: boolean;
}

/** Everything the readiness tab shows about one entity. @public */
export interface EntityScorecard {
  entityRef: string;
  kind: string;
  title?: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle?: string;
  /** 0–100 weighted overall score, or null when no check applies. */
  score: number | null;
  categories: CategoryScore[];
  /** Highest level reached, or null. */
  level: string | null;
  /** The next level and the gate checks missing for it. */
  nextLevel?: { levelId: string; missingChecks: string[] };
  /**
   * Present when too few checks apply to the entity (all N/A, say) for a
   * level to mean anything: it is not assessed and has no level.
   */
  notAssessed?: NotAssessed;
  lifecycleGate: LifecycleGate;
  /** Number of applicable gate checks that are not met. */
  gateFailures: number;
  checks: CheckResult[];
  roles: RoleResult[];
  /** Problems of the role assignment as a whole (one person holding every required role). */
  roleHealth: RoleProblem[];
  /** Number of role problems, per role and as a whole. */
  roleProblems: number;
  /** All validation problems of the entity's readiness annotations. */
  problems: ValidationProblem[];
  /** The cost table the cost checks were scored from, if the entity has one. */
  costTable?: ScorecardCostTable;
  /**
   * What the entity's upcoming checks will do, per effective date (earliest
   * first, each counting every upcoming check up to it), with today's answers.
   */
  upcoming?: UpcomingOutcome[];
  computedAt: string;
}

/** An entity's level and score on the date staged checks start to count. @public */
export interface UpcomingOutcome {
  /** `YYYY-MM-DD`. */
  effectiveFrom: string;
  /** The checks that start to count that day. */
  checks: string[];
  level: string | null;
  score: number | null;
  /** Too few checks would apply to assess the entity. */
  notAssessed?: true;
  /** Whether a production entity would still pass the lifecycle gate. */
  lifecycleGatePassed: boolean;
}

/** Why an entity is not assessed. @public */
export interface NotAssessed {
  /** Checks that apply to the entity and are not N/A. */
  applicableChecks: number;
  /** The configured minimum (`readiness.minimumApplicableChecks`). */
  minimumApplicableChecks: number;
}
