/**
 * Transitive group membership: the people of a group are its own members and
 * those of every group below it. Built from the catalog's `hasMember`
 * relations and parent/child links; what {@link CatalogLookup.groupMembers}
 * answers. Keeps refs only, never entities.
 * @public
 */
export class GroupMembership {
  private readonly direct = new Map<string, string[]>();
  private readonly children = new Map<string, Set<string>>();
  private readonly resolved = new Map<string, readonly string[]>();

  /** Registers a group with the users it has as direct members. */
  addGroup(ref: string, users: Iterable<string>) {
    this.direct.set(ref, [...users]);
    this.resolved.clear();
  }

  /** Records that `child` sits below `parent` (from either side of the link). */
  addChild(parent: string, child: string) {
    if (parent === child) return;
    let set = this.children.get(parent);
    if (!set) {
      set = new Set();
      this.children.set(parent, set);
    }
    set.add(child);
    this.resolved.clear();
  }

  /** The groups directly below a group, as far as known. */
  childrenOf(ref: string): string[] {
    return [...(this.children.get(ref) ?? [])];
  }

  /**
   * The users who are members of the group or of any group below it, each
   * once; a cycle of groups is walked once. Undefined for a ref that is not a
   * registered group. Resolved once per group until the next change.
   */
  membersOf(ref: string): readonly string[] | undefined {
    if (!this.direct.has(ref)) return undefined;
    let members = this.resolved.get(ref);
    if (!members) {
      const users = new Set<string>();
      const seen = new Set([ref]);
      const stack = [ref];
      while (stack.length > 0) {
        const group = stack.pop()!;
        for (const user of this.direct.get(group) ?? []) users.add(user);
        for (const child of this.children.get(group) ?? []) {
          if (!seen.has(child)) {
            seen.add(child);
            stack.push(child);
          }
        }
      }
      members = Object.freeze([...users].sort());
      this.resolved.set(ref, members);
    }
    return members;
  }
}
