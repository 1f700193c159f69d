import type { OwnersOutsideGroups } from '@prodready/plugin-readiness-common';

/** State key of the last full computation. */
export const LAST_RUN_STATE = 'last-full-run';

/**
 * State key set while a full run writes scorecards, and cleared once it has
 * stored what it did: still set when a run starts, it says the run before
 * stopped half-way (its process ended), so the pages it wrote are not in
 * the rollups yet.
 */
export const RUN_WRITING_STATE = 'full-run-writing';

/**
 * State key of what the staged checks would do on their dates
 * (an `UpcomingImpactReport`), rebuilt with the rollups.
 */
export const UPCOMING_IMPACT_STATE = 'upcoming-impact';

/** What the last full computation did, kept in the state table. */
export interface LastRunState {
  startedAt: string;
  finishedAt?: string;
  /**
   * When the last run that read the whole catalog finished: a run that
   * lost the catalog half-way finishes (its pages stored, the rollups
   * rebuilt) without moving it. The readiness probe's age.
   */
  completedAt?: string;
  entities?: number;
  /** Scorecards that changed and were rewritten. */
  written?: number;
  /** Entities scored because their input fingerprint changed (the others kept their scorecard). */
  rescored?: number;
  /** Scorable entities whose body was read (etag or inputs changed, or nothing kept to tell). */
  bodiesRead?: number;
  /** Scorecards of entities gone from the catalog. */
  removed?: number;
  rollups?: number;
  /** Time spent waiting for catalog pages, and in database transactions. */
  catalogReadMs?: number;
  transactionMs?: number;
  /** The day whose snapshot the last run completed. */
  snapshotDay?: string;
  /** The first problems of the group hierarchy (see `hierarchyProblemsTotal`). */
  hierarchyProblems?: string[];
  hierarchyProblemsTotal?: number;
  /** The entities counted in no group's rollup, by owner. */
  ownersOutsideGroups?: OwnersOutsideGroups;
  /** Hash of the rollup tree (groups, Systems, Domains) the rollups were built on. */
  structureHash?: string;
  /** Nothing changed: the stored rollups were kept, not rebuilt. */
  rollupsKept?: boolean;
  /**
   * Scorecards per level id after the run (`none` below every level,
   * `not-assessed` when too few checks apply): the metrics' gauge reads it.
   */
  levels?: Record<string, number>;
  /** Set while the catalog cannot be read; results are then stale. */
  catalogUnreachableSince?: string;
  error?: string;
}

/** What tells when the last complete run finished. */
export type CompletionOf = Pick<
  LastRunState,
  'finishedAt' | 'completedAt' | 'catalogUnreachableSince'
>;

/**
 * When the last complete run finished, as `state` tells. A state stored
 * before `completedAt` was kept tells it by `finishedAt`, unless its run
 * lost the catalog half-way: a run that could not read it at all keeps the
 * previous run's `finishedAt`, from before the catalog went away.
 */
export function completedAtOf(
  state: CompletionOf | undefined,
): string | undefined {
  if (!state) return undefined;
  if (state.completedAt) return state.completedAt;
  const { finishedAt, catalogUnreachableSince: since } = state;
  return finishedAt && (!since || finishedAt < since) ? finishedAt : undefined;
}
