/*
 * The isomorphic data model of the readiness plugin family: the checklist
 * (categories, checks, levels, roles), answers and role assignments as they
 * come from annotations and the portal, and the scorecards and rollups the
 * engine computes from them. Everything here is plain JSON so the backend can
 * store it and the frontend can render it.
 */

import type { ScorecardCostTable } from './cost/costTable';
import type { CheckExemption, ExemptionCounts } from './exemptions/types';

/** @public */
export interface ReadinessCategory {
  /** Stable id, e.g. `recoverability`. */
  id: string;
  title: string;
  description: string;
}

/**
 * An ordered maturity level (OpsLevel-style rubric). An entity reaches a
 * level when every applicable gate check of that level and all lower levels
 * is met or not applicable.
 * @public
 */
export interface ReadinessLevel {
  id: string;
  title: string;
  description?: string;
}

/**
 * A trace into the seed document: `<revision>:<entry id>` of the seed index,
 * e.g. `f0191064:checklist.13.account-security`. @public
 */
export type SeedReference = string;

/** @public */
export interface ReadinessCheck {
  /** Stable id `<category>.<name>`, at most 57 characters so that the annotation name `check.<id>` fits in 63. */
  id: string;
  /** Category id. */
  category: string;
  title: string;
  /** The question an owner answers. */
  question: string;
  /** What good looks like and what evidence proves it (markdown allowed). */
  guidance: string;
  /** Relative weight inside its category, > 0. */
  weight: number;
  /** A gate check blocks its level and raises high risk when failing. */
  gate: boolean;
  /** Level id the check belongs to (the level a gate check blocks). */
  level: string;
  /** Lower-case entity kinds the check applies to, e.g. `component`, `system`, `resource`. */
  appliesTo: string[];
  /** Days an answer stays valid after it was given; absent for checks that do not expire. */
  expiresAfterDays?: number;
  /** Ids of the roles responsible for the check. */
  roles: string[];
  /** How the check is scored: by answers (default) or derived from role health. */
  scoredBy?: 'answers' | 'role-health';
  /** Ids of the automatic detectors that can answer this check (filled in from the detector registry). */
  detectors?: string[];
  /** The entries of the seed index (revision, section, item) this check comes from. */
  seedRefs?: SeedReference[];
  /**
   * A staged check: before this date (`YYYY-MM-DD`, from midnight UTC) it is
   * `upcoming`, shown with its would-be status and counted nowhere.
   */
  effectiveFrom?: string;
}

/** @public */
export interface ReadinessRole {
  /** Stable id, e.g. `dba`. At most 58 characters so that `role.<id>` fits an annotation name. */
  id: string;
  title: string;
  responsibility: string;
  required: boolean;
  /** When set, a required role is needed only by the entities this selects. */
  requiredWhen?: RoleRequirement;
  /** Check ids this role is responsible for (derived from the checks' `roles`). */
  checks: string[];
}

/**
 * Which entities need a required role. With `annotations` or `tags`, only
 * entities marked by one of them (an annotation with the value `"true"`, or a
 * tag); without either, every entity. In both cases not an entity that
 * answers one of `unlessNotApplicable` as not applicable.
 * @public
 */
export interface RoleRequirement {
  /** Annotation names whose value `"true"` marks the entity, e.g. `prodready.dev/personal-data`. */
  annotations?: string[];
  /** Tags that mark the entity, e.g. `personal-data`. */
  tags?: string[];
  /** Check ids whose not-applicable answer means the entity does not need the role. */
  unlessNotApplicable?: string[];
}

/** The effective checklist after configuration and contributed checks. @public */
export interface ReadinessModel {
  categories: ReadinessCategory[];
  levels: ReadinessLevel[];
  checks: ReadinessCheck[];
  roles: ReadinessRole[];
  /** Level id a `production` entity must reach, or undefined for no lifecycle gate. */
  minimumProductionLevel?: string;
  /**
   * How many checks must apply (not N/A) to an entity for it to be assessed
   * and given a level; fewer, and it is "not assessed". Default 1.
   */
  minimumApplicableChecks?: number;
}

/** @public */
export type AnswerStatus =
  | 'met'
  | 'partially-met'
  | 'not-met'
  | 'not-applicable';

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
export const NOT_APPLICABLE_REASONS = [
  'out-of-scope',
  'business-priority',
  'architecture-constraint',
  'other',
] as const;

/** @public */
export type NotApplicableReason = (typeof NOT_APPLICABLE_REASONS)[number];

/** Where an answer came from. @public */
export type AnswerSource = 'portal' | 'annotation' | 'automatic';

/** @public */
export interface ReviewSignOff {
  reviewedBy: string;
  reviewedAt: string;
}

/** An answer to one check of one entity, from any source. @public */
export interface ReadinessAnswer {
  checkId: string;
  status: AnswerStatus;
  /** Required when status is `not-applicable`. */
  notApplicableReason?: NotApplicableReason;
  /** Required text explaining a not-applicable answer. */
  notApplicableText?: string;
  /** http(s) URL of the evidence. */
  evidenceUrl?: string;
  note?: string;
  /** Entity ref of the user (portal), `annotation`, or the detector / service id (automatic). */
  answeredBy?: string;
  /** ISO timestamp (portal, automatic) or date (annotation) the answer was given. */
  answeredAt?: string;
  review?: ReviewSignOff;
  source: AnswerSource;
  /** Optimistic-concurrency version of a portal answer. */
  version?: number;
}

/** A role assignment of one entity, from annotations or the portal. @public */
export interface ReadinessRoleAssignment {
  roleId: string;
  /** Full entity refs of users or groups. */
  holders: string[];
  source: 'portal' | 'annotation';
  assignedBy?: string;
  assignedAt?: string;
  version?: number;
}

/** A malformed annotation or configuration value; never thrown, always listed. @public */
export interface ValidationProblem {
  /** The annotation key (or config path) that is wrong. */
  key: string;
  message: string;
  checkId?: string;
  roleId?: string;
}

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

/** The level key of entities below the lowest level in {@link RollupAggregate}'s `levels`. @public */
export const NO_LEVEL = 'none';

/** Why an entity is not assessed. @public */
export interface NotAssessed {
  /** Checks that apply to the entity and are not N/A. */
  applicableChecks: number;
  /** The configured minimum (`readiness.minimumApplicableChecks`). */
  minimumApplicableChecks: number;
}

/** The level key of not-assessed entities in {@link RollupAggregate}'s `levels`. @public */
export const NOT_ASSESSED = 'not-assessed';

/**
 * What a rollup aggregates: additive sums, so that a change of one entity can
 * be applied to every ancestor as a delta.
 * @public
 */
export interface RollupAggregate {
  /** Entities counted. */
  entities: number;
  /** Entities with a numeric overall score, and the sum of those scores. */
  scored: number;
  scoreSum: number;
  /** Per category: how many entities have a score in it and the sum. */
  categories: Record<string, { scored: number; scoreSum: number }>;
  /**
   * Entities per level id; `none` for entities below the lowest level,
   * `not-assessed` for entities too few checks apply to (in no other key).
   */
  levels: Record<string, number>;
  gateFailures: number;
  productionBelowGate: number;
  roleProblems: number;
  /**
   * Per role id: entities where the role is required and unassigned, and
   * entities where a holder has left; roles with neither are left out, and
   * the whole record when no role has any (and in aggregates stored before
   * it existed).
   */
  roleGaps?: Record<string, RoleGapCounts>;
  /** Checks exempt, and of those the ones whose exemption ends within 30 days; absent when none. */
  exemptions?: ExemptionCounts;
}

/** One role's gaps in a {@link RollupAggregate}. @public */
export interface RoleGapCounts {
  unassigned: number;
  holderGone: number;
}

/** @public */
export type RollupKind = 'group' | 'system' | 'domain';

/** @public */
export interface Rollup {
  ref: string;
  kind: RollupKind;
  title?: string;
  /** Parent group (groups) or domain (systems). */
  parent?: string;
  /** Direct sub-groups (groups) or systems (domains). */
  children: string[];
  /** Mean overall score of member entities, 0–100, or null. */
  score: number | null;
  categories: Record<string, number | null>;
  aggregate: RollupAggregate;
}

/** A problem of the catalog graph found while rolling up. @public */
export interface HierarchyProblem {
  type: 'cycle' | 'dangling-parent' | 'dangling-child';
  ref: string;
  message: string;
}
