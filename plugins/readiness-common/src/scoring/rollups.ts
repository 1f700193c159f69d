import {
  EntityScorecard,
  HierarchyProblem,
  Rollup,
  RollupAggregate,
  RollupKind,
} from '../types';

/**
 * The part of a scorecard a rollup needs; small enough to store per entity
 * and to apply as a delta when one entity changes.
 * @public
 */
export interface RollupMember {
  entityRef: string;
  kind: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle?: string;
  score: number | null;
  categories: Record<string, number | null>;
  level: string | null;
  gateFailures: number;
  productionBelowGate: boolean;
  roleProblems: number;
}

/** @public */
export function toRollupMember(scorecard: EntityScorecard): RollupMember {
  const categories: Record<string, number | null> = {};
  for (const c of scorecard.categories) {
    categories[c.categoryId] = c.score;
  }
  const member: RollupMember = {
    entityRef: scorecard.entityRef,
    kind: scorecard.kind,
    score: scorecard.score,
    categories,
    level: scorecard.level,
    gateFailures: scorecard.gateFailures,
    productionBelowGate: !scorecard.lifecycleGate.passed,
    roleProblems: scorecard.roleProblems,
  };
  if (scorecard.owner) member.owner = scorecard.owner;
  if (scorecard.system) member.system = scorecard.system;
  if (scorecard.domain) member.domain = scorecard.domain;
  if (scorecard.lifecycle) member.lifecycle = scorecard.lifecycle;
  return member;
}

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
  const level = member.level ?? 'none';
  const count = (aggregate.levels[level] ?? 0) + sign;
  if (count === 0) {
    delete aggregate.levels[level];
  } else {
    aggregate.levels[level] = count;
  }
  if (member.gateFailures > 0) aggregate.gateFailures += sign;
  if (member.productionBelowGate) aggregate.productionBelowGate += sign;
  aggregate.roleProblems += sign * member.roleProblems;
  return aggregate;
}

/** Adds every sum of `source` to `target`. */
function mergeAggregate(target: RollupAggregate, source: RollupAggregate) {
  target.entities += source.entities;
  target.scored += source.scored;
  target.scoreSum = onGrid(target.scoreSum + source.scoreSum);
  // eslint-disable-next-line guard-for-in
  for (const id in source.categories) {
    const from = source.categories[id];
    let c = target.categories[id];
    if (!c) {
      c = { scored: 0, scoreSum: 0 };
      target.categories[id] = c;
    }
    c.scored += from.scored;
    c.scoreSum = onGrid(c.scoreSum + from.scoreSum);
  }
  // eslint-disable-next-line guard-for-in
  for (const level in source.levels) {
    target.levels[level] = (target.levels[level] ?? 0) + source.levels[level];
  }
  target.gateFailures += source.gateFailures;
  target.productionBelowGate += source.productionBelowGate;
  target.roleProblems += source.roleProblems;
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

/** A Group as the rollup needs it. @public */
export interface GroupNode {
  ref: string;
  title?: string;
  /** `spec.parent`, normalised. */
  parent?: string;
  /** `spec.children`, normalised. */
  children?: string[];
}

/** @public */
export interface OrgStructure {
  groups: GroupNode[];
  systems: { ref: string; title?: string; domain?: string }[];
  domains: { ref: string; title?: string }[];
}

/**
 * The group tree: parents from `spec.parent`, completed from `spec.children`
 * where a child names no parent. Cycles and dangling references are reported
 * and cut, never followed.
 * @public
 */
export class GroupHierarchy {
  readonly problems: HierarchyProblem[] = [];
  private readonly parentOf = new Map<string, string>();
  private readonly childrenOf = new Map<string, string[]>();
  private readonly nodes = new Map<string, GroupNode>();
  private readonly ancestorCache = new Map<string, string[]>();

  constructor(groups: GroupNode[]) {
    for (const g of groups) this.nodes.set(g.ref, g);
    for (const g of groups) {
      if (!g.parent) continue;
      if (!this.nodes.has(g.parent)) {
        this.problems.push({
          type: 'dangling-parent',
          ref: g.ref,
          message: `${g.ref} names parent ${g.parent}, which is not in the catalog`,
        });
      } else if (g.parent === g.ref) {
        this.problems.push({
          type: 'cycle',
          ref: g.ref,
          message: `groups form a cycle: ${g.ref} names itself as its parent`,
        });
      } else {
        this.parentOf.set(g.ref, g.parent);
      }
    }
    for (const g of groups) {
      for (const child of g.children ?? []) {
        if (!this.nodes.has(child)) {
          this.problems.push({
            type: 'dangling-child',
            ref: g.ref,
            message: `${g.ref} names child ${child}, which is not in the catalog`,
          });
        } else if (child === g.ref) {
          this.problems.push({
            type: 'cycle',
            ref: g.ref,
            message: `groups form a cycle: ${g.ref} names itself as its child`,
          });
        } else if (!this.parentOf.has(child)) {
          this.parentOf.set(child, g.ref);
        }
      }
    }
    this.breakCycles();
    for (const [child, parent] of this.parentOf) {
      const list = this.childrenOf.get(parent) ?? [];
      list.push(child);
      this.childrenOf.set(parent, list);
    }
  }

  private breakCycles() {
    const state = new Map<string, 'visiting' | 'done'>();
    for (const start of this.nodes.keys()) {
      const path: string[] = [];
      let current: string | undefined = start;
      while (current && !state.has(current)) {
        state.set(current, 'visiting');
        path.push(current);
        current = this.parentOf.get(current);
      }
      if (current && state.get(current) === 'visiting') {
        const cycle = path.slice(path.indexOf(current));
        this.problems.push({
          type: 'cycle',
          ref: current,
          message: `groups form a cycle: ${[...cycle, current].join(' → ')}`,
        });
        // Cut the edge that closes the cycle so every walk terminates.
        this.parentOf.delete(cycle[cycle.length - 1]);
      }
      for (const ref of path) state.set(ref, 'done');
    }
  }

  has(ref: string): boolean {
    return this.nodes.has(ref);
  }

  node(ref: string): GroupNode | undefined {
    return this.nodes.get(ref);
  }

  parent(ref: string): string | undefined {
    return this.parentOf.get(ref);
  }

  children(ref: string): string[] {
    return this.childrenOf.get(ref) ?? [];
  }

  /** The group itself and every ancestor up to the root. */
  selfAndAncestors(ref: string): string[] {
    // Walk up to the first group whose chain is known (iteratively, so deep
    // hierarchies cannot overflow the stack), then cache every chain on the way.
    const path: string[] = [];
    let known: string[] = [];
    for (
      let current: string | undefined = ref;
      current !== undefined;
      current = this.parentOf.get(current)
    ) {
      const cached = this.ancestorCache.get(current);
      if (cached) {
        known = cached;
        break;
      }
      path.push(current);
    }
    let chain = known;
    for (let i = path.length - 1; i >= 0; i--) {
      chain = [path[i], ...chain];
      this.ancestorCache.set(path[i], chain);
    }
    return chain;
  }

  /** Every group, each after all of its descendants. */
  childrenFirst(): string[] {
    const order: string[] = [];
    for (const root of this.roots()) {
      // Iterative depth-first walk: deep hierarchies cannot overflow the stack.
      const stack: { ref: string; next: number }[] = [{ ref: root, next: 0 }];
      while (stack.length) {
        const top = stack[stack.length - 1];
        const children = this.children(top.ref);
        if (top.next < children.length) {
          stack.push({ ref: children[top.next++], next: 0 });
        } else {
          order.push(top.ref);
          stack.pop();
        }
      }
    }
    return order;
  }

  roots(): string[] {
    return [...this.nodes.keys()].filter(ref => !this.parentOf.has(ref));
  }
}

/** Calls `fn` for every rollup a member counts in; see {@link rollupRefsOf}. */
function forEachRollupRef(
  member: RollupMember,
  hierarchy: GroupHierarchy,
  fn: (ref: string, kind: RollupKind) => void,
) {
  if (member.owner && hierarchy.has(member.owner)) {
    for (const ref of hierarchy.selfAndAncestors(member.owner)) {
      fn(ref, 'group');
    }
  }
  const system = member.kind === 'system' ? member.entityRef : member.system;
  if (system) fn(system, 'system');
  if (member.domain) fn(member.domain, 'domain');
}

/**
 * Every rollup a member counts in: its owning group and all ancestors, its
 * System (or itself, for a System), and its Domain.
 * @public
 */
export function rollupRefsOf(
  member: RollupMember,
  hierarchy: GroupHierarchy,
): { ref: string; kind: RollupKind }[] {
  const refs: { ref: string; kind: RollupKind }[] = [];
  forEachRollupRef(member, hierarchy, (ref, kind) => refs.push({ ref, kind }));
  return refs;
}

/**
 * Computes the rollup of every Group, System and Domain.
 *
 * A group's members are the entities it owns directly and those owned by all
 * its descendant groups, each counted once; so a group that owns nothing but
 * has sub-teams scores the mean of its sub-teams' entities (weighted by
 * entity, not the mean of team means). A System's members are the System
 * itself and its components and resources; a Domain's are its Systems and
 * their parts. Groups, Systems and Domains without members get a rollup with
 * a null score.
 * @public
 */
export function computeRollups(
  members: Iterable<RollupMember>,
  structure: OrgStructure,
): { rollups: Rollup[]; problems: HierarchyProblem[] } {
  const hierarchy = new GroupHierarchy(structure.groups);
  const aggregates = new Map<string, RollupAggregate>();
  const aggregateOf = (ref: string) => {
    let a = aggregates.get(ref);
    if (!a) {
      a = emptyAggregate();
      aggregates.set(ref, a);
    }
    return a;
  };
  // Each member goes into its owning group, its System and its Domain; then
  // every group's sum is added to its parent, children before parents, so a
  // group ends up with its own entities and all its descendants' (each once).
  for (const member of members) {
    if (member.owner && hierarchy.has(member.owner)) {
      addToAggregate(aggregateOf(member.owner), member);
    }
    const system = member.kind === 'system' ? member.entityRef : member.system;
    if (system) addToAggregate(aggregateOf(system), member);
    if (member.domain) addToAggregate(aggregateOf(member.domain), member);
  }
  for (const ref of hierarchy.childrenFirst()) {
    const parent = hierarchy.parent(ref);
    const aggregate = aggregates.get(ref);
    if (parent && aggregate) {
      mergeAggregate(aggregateOf(parent), aggregate);
    }
  }

  const rollups: Rollup[] = [];
  const push = (
    ref: string,
    kind: RollupKind,
    title: string | undefined,
    parent: string | undefined,
    children: string[],
  ) => {
    const aggregate = aggregates.get(ref) ?? emptyAggregate();
    const rollup: Rollup = {
      ref,
      kind,
      children,
      ...summarizeAggregate(aggregate),
      aggregate,
    };
    if (title) rollup.title = title;
    if (parent) rollup.parent = parent;
    rollups.push(rollup);
  };
  for (const g of structure.groups) {
    push(
      g.ref,
      'group',
      g.title,
      hierarchy.parent(g.ref),
      hierarchy.children(g.ref),
    );
  }
  const systemsByDomain = new Map<string, string[]>();
  for (const s of structure.systems) {
    push(s.ref, 'system', s.title, s.domain, []);
    if (s.domain) {
      const list = systemsByDomain.get(s.domain) ?? [];
      list.push(s.ref);
      systemsByDomain.set(s.domain, list);
    }
  }
  for (const d of structure.domains) {
    push(d.ref, 'domain', d.title, undefined, systemsByDomain.get(d.ref) ?? []);
  }
  return { rollups, problems: hierarchy.problems };
}
