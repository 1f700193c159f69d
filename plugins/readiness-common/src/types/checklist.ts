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
  /**
   * The kinds roles are evaluated for: those the role-health check
   * (`organisation.roles-assigned`) applies to, even when it is disabled.
   * Absent when the model declares no such check: every scored kind.
   */
  roleKinds?: string[];
}
