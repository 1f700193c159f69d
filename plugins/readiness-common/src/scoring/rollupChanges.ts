import { RollupAggregate, RollupKind } from '../types';
import { GroupHierarchy } from './groupHierarchy';
import { ownerOutsideReason } from './ownersOutsideGroups';
import {
  addToAggregate,
  emptyAggregate,
  mergeAggregate,
} from './rollupAggregate';
import type { MemberChange, RollupMember } from './rollups';

/**
 * The one rule of membership: a member counts directly in its owning group
 * (when that group is in the hierarchy), its System (itself, for a System)
 * and its Domain; a group's rollup also counts every member of its
 * descendants, each once.
 */
function forEachDirectRollup(
  member: RollupMember,
  hierarchy: GroupHierarchy,
  fn: (ref: string, kind: RollupKind) => void,
) {
  if (member.owner && !ownerOutsideReason(member.owner, hierarchy)) {
    fn(member.owner, 'group');
  }
  const system = member.kind === 'system' ? member.entityRef : member.system;
  if (system) fn(system, 'system');
  if (member.domain) fn(member.domain, 'domain');
}

/**
 * Member changes gathered as one net change per rollup the members count in
 * directly, then applied to that rollup and, for a group, to every ancestor.
 * Gathering first keeps a full run cheap (a group's sum moves its ancestors
 * once, not once per member) and lets a write read exactly the rollups it
 * moves. The result equals a computation from scratch (sums are exact).
 * @public
 */
export class RollupChanges {
  private readonly direct = new Map<
    string,
    { kind: RollupKind; delta: RollupAggregate }
  >();

  constructor(private readonly hierarchy: GroupHierarchy) {}

  private move(member: RollupMember, sign: 1 | -1) {
    forEachDirectRollup(member, this.hierarchy, (ref, kind) => {
      let entry = this.direct.get(ref);
      if (!entry) {
        entry = { kind, delta: emptyAggregate() };
        this.direct.set(ref, entry);
      }
      addToAggregate(entry.delta, member, sign);
    });
  }

  add(change: MemberChange): this {
    if (change.old) this.move(change.old, -1);
    if (change.next) this.move(change.next, 1);
    return this;
  }

  /**
   * The groups moved (those changed directly and their ancestors), each
   * with the count of its children among them.
   */
  private movedGroups(): Map<string, number> {
    const childrenLeft = new Map<string, number>();
    for (const [ref, { kind }] of this.direct) {
      if (kind !== 'group' || childrenLeft.has(ref)) continue;
      childrenLeft.set(ref, 0);
      // Up to the first ancestor already counted: it holds the rest.
      for (
        let parent = this.hierarchy.parent(ref);
        parent !== undefined;
        parent = this.hierarchy.parent(parent)
      ) {
        const seen = childrenLeft.get(parent);
        childrenLeft.set(parent, (seen ?? 0) + 1);
        if (seen !== undefined) break;
      }
    }
    return childrenLeft;
  }

  /**
   * Each moved group's net change (its own members' and its descendants'),
   * children first. Summing up the tree visits each group once: handing
   * every changed group's delta to each ancestor in turn is quadratic in a
   * deep chain.
   */
  private forEachGroupTotal(fn: (ref: string, total: RollupAggregate) => void) {
    const childrenLeft = this.movedGroups();
    const totals = new Map<string, RollupAggregate>();
    const ready = [...childrenLeft].filter(([, n]) => n === 0).map(([r]) => r);
    for (let ref = ready.pop(); ref !== undefined; ref = ready.pop()) {
      const total = totals.get(ref) ?? emptyAggregate();
      const own = this.direct.get(ref);
      if (own) mergeAggregate(total, own.delta);
      fn(ref, total);
      totals.delete(ref);
      const parent = this.hierarchy.parent(ref);
      if (parent === undefined) continue;
      let parentTotal = totals.get(parent);
      if (!parentTotal) {
        parentTotal = emptyAggregate();
        totals.set(parent, parentTotal);
      }
      mergeAggregate(parentTotal, total);
      const left = childrenLeft.get(parent)! - 1;
      childrenLeft.set(parent, left);
      if (left === 0) ready.push(parent);
    }
  }

  private forEachTarget(
    fn: (ref: string, kind: RollupKind, delta: RollupAggregate) => void,
  ) {
    this.forEachGroupTotal((ref, total) => fn(ref, 'group', total));
    for (const [ref, { kind, delta }] of this.direct) {
      if (kind !== 'group') fn(ref, kind, delta);
    }
  }

  /** Every rollup the changes move, with its kind. */
  affected(): Map<string, RollupKind> {
    const refs = new Map<string, RollupKind>();
    this.forEachTarget((ref, kind) => refs.set(ref, kind));
    return refs;
  }

  /**
   * Applies the changes to `aggregates`, by rollup ref. A ref missing from
   * `aggregates` is not a rollup (a System or Domain not in the catalog) and
   * is left out.
   * @returns the refs of the aggregates moved.
   */
  applyTo(aggregates: Map<string, RollupAggregate>): Set<string> {
    const moved = new Set<string>();
    this.forEachTarget((ref, _kind, delta) => {
      const aggregate = aggregates.get(ref);
      if (!aggregate) return;
      mergeAggregate(aggregate, delta);
      moved.add(ref);
    });
    return moved;
  }
}
