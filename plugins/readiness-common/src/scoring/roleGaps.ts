import { EntityScorecard, RollupAggregate, RoleGapCounts } from '../types';

/** What is wrong with one role of one entity, as the role heat map counts it. @public */
export type RoleGap = 'unassigned' | 'holder-gone';

/**
 * The role gaps of a scorecard, by role id: a required role nobody holds, or
 * a role one of whose holders has left (no longer in the catalog, or a group
 * with nobody left in it or below it). Undefined when there are none, so that
 * a member stays small.
 * @public
 */
export function roleGapsOf(
  scorecard: Pick<EntityScorecard, 'roles'>,
): Record<string, RoleGap> | undefined {
  let gaps: Record<string, RoleGap> | undefined;
  for (const role of scorecard.roles) {
    for (const problem of role.problems) {
      let gap: RoleGap | undefined;
      if (problem.type === 'unassigned') gap = 'unassigned';
      else if (
        problem.type === 'holder-not-in-catalog' ||
        problem.type === 'empty-group'
      ) {
        gap = 'holder-gone';
      }
      if (gap) {
        (gaps ??= {})[role.roleId] = gap;
        break;
      }
    }
  }
  return gaps;
}

function bump(
  aggregate: RollupAggregate,
  roleId: string,
  unassigned: number,
  holderGone: number,
) {
  const counts = (aggregate.roleGaps ??= {});
  let c = counts[roleId];
  if (!c) {
    c = { unassigned: 0, holderGone: 0 };
    counts[roleId] = c;
  }
  c.unassigned += unassigned;
  c.holderGone += holderGone;
  // Entries back at zero go (and the map when empty), as in the rest of the
  // aggregate, so that an aggregate updated by deltas equals one computed
  // from scratch.
  if (c.unassigned === 0 && c.holderGone === 0) {
    delete counts[roleId];
    // eslint-disable-next-line guard-for-in
    for (const _ in counts) return;
    delete aggregate.roleGaps;
  }
}

/** Adds a member's role gaps to an aggregate (sign 1) or takes them out (-1). */
export function addRoleGaps(
  aggregate: RollupAggregate,
  gaps: Record<string, RoleGap> | undefined,
  sign: 1 | -1,
) {
  // eslint-disable-next-line guard-for-in
  for (const roleId in gaps) {
    const gap = gaps[roleId];
    bump(
      aggregate,
      roleId,
      gap === 'unassigned' ? sign : 0,
      gap === 'holder-gone' ? sign : 0,
    );
  }
}

/** Adds net per-role counts (a delta's) to an aggregate. */
export function mergeRoleGaps(
  aggregate: RollupAggregate,
  delta: Record<string, RoleGapCounts>,
) {
  // eslint-disable-next-line guard-for-in
  for (const roleId in delta) {
    const d = delta[roleId];
    bump(aggregate, roleId, d.unassigned, d.holderGone);
  }
}
