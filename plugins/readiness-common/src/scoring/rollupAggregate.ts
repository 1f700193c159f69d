import { NO_LEVEL, NOT_ASSESSED, RollupAggregate } from '../types';
import type { RollupMember } from './rollups';
import { addRoleGaps, mergeRoleGaps } from './roleGaps';
import { addExemptionCounts } from './exemptionCounts';

/*
 * The arithmetic of rollups: an aggregate is a set of sums over its members,
 * so members move in and out of it without reading the others.
 */

/** @public */
export function emptyAggregate(): RollupAggregate {
  return {
    entities: 0,
    scored: 0,
    scoreSum: 0,
    categories: {},
    levels: {},
    gateFailures: 0,
    productionBelowGate: 0,
    roleProblems: 0,
  };
}

/**
 * Sums of scores are kept on a grid of 10⁻⁶ (scores have one decimal), so
 * that they are exact: adding and then removing a member gives back the very
 * same aggregate, and the order of additions does not matter. Plain floating
 * point would drift (0.1 + 0.2 - 0.2 !== 0.1) under incremental updates.
 */
function onGrid(value: number): number {
  // `+ 0` turns -0 into 0.
  return Math.round(value * 1e6) / 1e6 + 0;
}

/**
 * Adds a member to an aggregate (sign 1) or takes it out (sign -1). Rollups
 * are sums so that a change of one entity is applied to every ancestor as
 * `add(old, -1)` then `add(new, 1)`, without reading the rest of the org.
 * Taking out what was added restores the aggregate exactly (sums are exact,
 * and category and level entries that drop back to zero are removed), so an
 * aggregate updated incrementally equals one computed from scratch.
 * @public
 */
export function addToAggregate(
  aggregate: RollupAggregate,
  member: RollupMember,
  sign: 1 | -1 = 1,
): RollupAggregate {
  aggregate.entities += sign;
  if (member.score !== null) {
    aggregate.scored += sign;
    aggregate.scoreSum = onGrid(aggregate.scoreSum + sign * member.score);
  }
  const categories = member.categories;
  // Plain JSON records; for-in avoids an array per call on this hot path.
  // eslint-disable-next-line guard-for-in
  for (const id in categories) {
    const score = categories[id];
    if (score !== null) {
      let c = aggregate.categories[id];
      if (!c) {
        c = { scored: 0, scoreSum: 0 };
        aggregate.categories[id] = c;
      }
      c.scored += sign;
      c.scoreSum = onGrid(c.scoreSum + sign * score);
      if (c.scored === 0 && c.scoreSum === 0) {
        delete aggregate.categories[id];
      }
    }
  }
  const level = member.notAssessed ? NOT_ASSESSED : member.level ?? NO_LEVEL;
  const count = (aggregate.levels[level] ?? 0) + sign;
  if (count === 0) {
    delete aggregate.levels[level];
  } else {
    aggregate.levels[level] = count;
  }
  if (member.gateFailures > 0) aggregate.gateFailures += sign;
  if (member.productionBelowGate) aggregate.productionBelowGate += sign;
  aggregate.roleProblems += sign * member.roleProblems;
  if (member.roleGaps) addRoleGaps(aggregate, member.roleGaps, sign);
  if (member.exemptions) addExemptionCounts(aggregate, member.exemptions, sign);
  return aggregate;
}

/**
 * Adds every sum of `delta` to `target`. `delta` may be a net change (counts
 * below zero where members left): entries that drop back to zero are removed,
 * as {@link addToAggregate} does, so the result equals an aggregate computed
 * from scratch.
 */
export function mergeAggregate(
  target: RollupAggregate,
  delta: RollupAggregate,
): RollupAggregate {
  target.entities += delta.entities;
  target.scored += delta.scored;
  target.scoreSum = onGrid(target.scoreSum + delta.scoreSum);
  // eslint-disable-next-line guard-for-in
  for (const id in delta.categories) {
    const from = delta.categories[id];
    let c = target.categories[id];
    if (!c) {
      c = { scored: 0, scoreSum: 0 };
      target.categories[id] = c;
    }
    c.scored += from.scored;
    c.scoreSum = onGrid(c.scoreSum + from.scoreSum);
    if (c.scored === 0 && c.scoreSum === 0) delete target.categories[id];
  }
  // eslint-disable-next-line guard-for-in
  for (const level in delta.levels) {
    const count = (target.levels[level] ?? 0) + delta.levels[level];
    if (count === 0) delete target.levels[level];
    else target.levels[level] = count;
  }
  target.gateFailures += delta.gateFailures;
  target.productionBelowGate += delta.productionBelowGate;
  target.roleProblems += delta.roleProblems;
  if (delta.roleGaps) mergeRoleGaps(target, delta.roleGaps);
  if (delta.exemptions) addExemptionCounts(target, delta.exemptions, 1);
  return target;
}

/**
 * The mean of `count` scores summing to `sum`, to one decimal, rounding
 * halves up exactly: the sum is a whole number of 10⁻⁶ (see onGrid), so the
 * mean in tenths is a quotient of integers, which floating point divides
 * exactly enough to round (40.95 gives 41, not 40.9).
 */
function meanOf(sum: number, count: number): number {
  return Math.round(Math.round(sum * 1e6) / (count * 1e5)) / 10 + 0;
}

/** Mean scores of an aggregate, to one decimal. @public */
export function summarizeAggregate(aggregate: RollupAggregate): {
  score: number | null;
  categories: Record<string, number | null>;
} {
  const categories: Record<string, number | null> = {};
  for (const [id, c] of Object.entries(aggregate.categories)) {
    categories[id] = c.scored > 0 ? meanOf(c.scoreSum, c.scored) : null;
  }
  return {
    score:
      aggregate.scored > 0
        ? meanOf(aggregate.scoreSum, aggregate.scored)
        : null,
    categories,
  };
}
