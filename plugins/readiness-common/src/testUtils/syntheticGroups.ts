import { Entity } from '@backstage/catalog-model';
import { chance, int } from './seededRandom';

/** The groups, four levels deep, and a few catalog mistakes; refs by depth. */
export function generateGroups(ns: string): {
  groups: Entity[];
  groupRefs: string[][];
} {
  const groups: Entity[] = [];
  const groupRefs: string[][] = [[], [], [], []];
  // Four levels: 10 divisions → 5 departments each → 7 areas each → 3–6 teams each.
  const fanOut = [10, 5, 7];
  const build = (depth: number, parent?: string) => {
    const name = `g${depth}-${groupRefs[depth].length}`;
    const ref = `group:${ns}/${name}`;
    groupRefs[depth].push(ref);
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: ns, title: `Group ${name}` },
      spec: {
        type: ['division', 'department', 'area', 'team'][depth],
        ...(parent ? { parent } : {}),
      },
    };
    groups.push(entity);
    if (depth < 3) {
      const n = depth === 2 ? int(3, 6) : fanOut[depth + 1];
      const kids: string[] = [];
      for (let i = 0; i < n; i++) kids.push(build(depth + 1, ref));
      entity.spec!.children = kids;
    }
    return ref;
  };
  for (let i = 0; i < fanOut[0]; i++) build(0);
  // A few catalog mistakes the rollup must survive: a dangling parent and a cycle.
  groups.push(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'orphan', namespace: ns },
      spec: { type: 'team', parent: 'group:default/deleted-division' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'loop-a', namespace: ns },
      spec: { type: 'team', parent: 'group:default/loop-b' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'loop-b', namespace: ns },
      spec: { type: 'team', parent: 'group:default/loop-a' },
    },
  );
  return { groups, groupRefs };
}

/** Users: members of teams; about one team in twenty has nobody left. */
export function generateUsers(
  teams: string[],
  ns: string,
): { users: Entity[]; membersOf: Map<string, string[]> } {
  const users: Entity[] = [];
  const membersOf = new Map<string, string[]>();
  for (const team of teams) {
    const n = chance(0.05) ? 0 : int(3, 9);
    const list: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `u${users.length}`;
      users.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name, namespace: ns },
        spec: { memberOf: [team] },
      });
      list.push(`user:${ns}/${name}`);
    }
    membersOf.set(team, list);
  }
  return { users, membersOf };
}
