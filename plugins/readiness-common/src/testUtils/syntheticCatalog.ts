import { Entity } from '@backstage/catalog-model';
import { CatalogLookup, entityRefOf, GroupMembership, OrgStructure } from '..';
import { chance } from './seededRandom';
import { SyntheticContext } from './syntheticContext';

/** The catalog as the backend's CatalogIndex sees it. */
export function syntheticCatalog(
  ctx: SyntheticContext,
  entities: {
    groups: Entity[];
    users: Entity[];
    domains: Entity[];
    scored: Entity[];
  },
  lifecycles: Map<string, string>,
): CatalogLookup {
  const { ns, teams, membersOf } = ctx;
  const { groups, users, domains, scored } = entities;
  const refs = new Set<string>();
  const memberCounts = new Map<string, number>();
  for (const e of [...groups, ...users, ...domains, ...scored]) {
    refs.add(entityRefOf(e));
  }
  const membership = new GroupMembership();
  for (const team of teams) memberCounts.set(team, membersOf.get(team)!.length);
  for (const g of groups) {
    const ref = entityRefOf(g);
    if (!memberCounts.has(ref)) memberCounts.set(ref, chance(0.5) ? 0 : 2);
    const count = memberCounts.get(ref)!;
    membership.addGroup(
      ref,
      membersOf.get(ref) ??
        Array.from(
          { length: count },
          (_, i) => `user:${ns}/${g.metadata.name}-lead-${i}`,
        ),
    );
    if (typeof g.spec?.parent === 'string') {
      membership.addChild(g.spec.parent, ref);
    }
  }
  return {
    exists: ref => refs.has(ref),
    groupMemberCount: ref => memberCounts.get(ref),
    groupMembers: ref => membership.membersOf(ref),
    lifecycleOf: ref => lifecycles.get(ref),
  };
}

/** The group tree, systems and domains the rollups are built on. */
export function syntheticStructure(
  groups: Entity[],
  systems: Entity[],
  domains: Entity[],
  ns: string,
): OrgStructure {
  return {
    groups: groups.map(g => ({
      ref: entityRefOf(g),
      title: g.metadata.title,
      ...(g.spec?.parent ? { parent: String(g.spec.parent) } : {}),
      ...(Array.isArray(g.spec?.children)
        ? { children: g.spec!.children as string[] }
        : {}),
    })),
    systems: systems.map(s => ({
      ref: entityRefOf(s),
      title: s.metadata.title,
      ...(s.spec?.domain ? { domain: `domain:${ns}/${s.spec.domain}` } : {}),
    })),
    domains: domains.map(d => ({
      ref: entityRefOf(d),
      title: d.metadata.title,
    })),
  };
}
