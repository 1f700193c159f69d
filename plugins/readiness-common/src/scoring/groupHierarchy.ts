import { HierarchyProblem } from '../types';

/** A Group as the rollup needs it. @public */
export interface GroupNode {
  ref: string;
  title?: string;
  /** `spec.parent`, normalised. */
  parent?: string;
  /** `spec.children`, normalised. */
  children?: string[];
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
    // Walked each time (cycles are cut, so it ends): keeping every group's
    // chain would hold memory quadratic in the depth of a deep hierarchy.
    const chain: string[] = [];
    for (
      let current: string | undefined = ref;
      current !== undefined;
      current = this.parentOf.get(current)
    ) {
      chain.push(current);
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
