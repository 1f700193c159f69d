import type { ExemptionCounts } from '../exemptions/types';

/** The level key of entities below the lowest level in {@link RollupAggregate}'s `levels`. @public */
export const NO_LEVEL = 'none';

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
