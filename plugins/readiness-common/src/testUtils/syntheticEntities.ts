import { Entity } from '@backstage/catalog-model';
import { chance, int, pick, random } from './seededRandom';
import { SyntheticContext } from './syntheticContext';
import {
  readinessAnnotations,
  standardAnnotations,
  toolAnnotations,
} from './syntheticAnnotations';

/** Forty domains, each owned by a department. */
export function generateDomains(departments: string[], ns: string): Entity[] {
  const domains: Entity[] = [];
  for (let i = 0; i < 40; i++) {
    domains.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `domain-${i}`, namespace: ns, title: `Domain ${i}` },
      spec: { owner: pick(departments) },
    });
  }
  return domains;
}

const lifecycle = () => {
  const r = random();
  if (r < 0.6) return 'production';
  if (r < 0.85) return 'experimental';
  if (r < 0.9) return 'deprecated';
  return undefined;
};

// Adoption varies by team: some have not started, most answer a few
// checks, some answer nearly all of them.
const adoption = () => {
  const r = random();
  if (r < 0.3) return 0;
  return r < 0.75 ? 0.15 : 0.7;
};

/** Systems owned by teams (some by areas), most in a domain; and each one's team. */
export function generateSystems(
  ctx: SyntheticContext,
  systemCount: number,
  domainCount: number,
): { systems: Entity[]; systemTeams: string[] } {
  const { ns, teams, areas } = ctx;
  const systems: Entity[] = [];
  const systemTeams: string[] = [];
  for (let i = 0; i < systemCount; i++) {
    const name = `system-${i}`;
    const team = chance(0.1) ? pick(areas) : pick(teams);
    systemTeams.push(team);
    const domain = chance(0.9)
      ? `domain-${int(0, domainCount - 1)}`
      : undefined;
    systems.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name,
        namespace: ns,
        title: `System ${i}`,
        annotations: {
          ...standardAnnotations(name),
          ...readinessAnnotations(ctx, 'system', team, 0.5, 0.7),
        },
      },
      spec: { owner: team, ...(domain ? { domain } : {}) },
      relations: [
        { type: 'ownedBy', targetRef: team },
        ...(domain
          ? [{ type: 'partOf', targetRef: `domain:${ns}/${domain}` }]
          : []),
      ],
    });
  }
  return { systems, systemTeams };
}

/**
 * Components and Resources, most in a system and owned by its team, some
 * owned by a person; components depend on others and carry tool annotations.
 */
export function generateParts(
  ctx: SyntheticContext,
  counts: { components: number; resources: number; users: number },
  systemTeams: string[],
): { parts: Entity[]; lifecycles: Map<string, string> } {
  const { ns, teams, areas } = ctx;
  const componentCount = counts.components;
  const resourceCount = counts.resources;
  const systemCount = systemTeams.length;
  const parts: Entity[] = [];
  const lifecycles = new Map<string, string>();
  const partCount = componentCount + resourceCount;
  for (let i = 0; i < partCount; i++) {
    const isComponent = i < componentCount;
    const kind = isComponent ? 'component' : 'resource';
    const name = `${isComponent ? 'svc' : 'res'}-${i}`;
    const systemIndex = chance(0.92) ? int(0, systemCount - 1) : -1;
    let team = chance(0.05) ? pick(areas) : pick(teams);
    if (systemIndex >= 0 && chance(0.8)) team = systemTeams[systemIndex];
    const owner = chance(0.02) ? `user:${ns}/u${int(0, counts.users)}` : team;
    const life = lifecycle();
    const relations: NonNullable<Entity['relations']> = [
      { type: 'ownedBy', targetRef: owner },
    ];
    if (systemIndex >= 0) {
      relations.push({
        type: 'partOf',
        targetRef: `system:${ns}/system-${systemIndex}`,
      });
    }
    if (isComponent) {
      for (let d = int(0, 3); d > 0; d--) {
        relations.push({
          type: 'dependsOn',
          targetRef: chance(0.5)
            ? `component:${ns}/svc-${int(0, componentCount - 1)}`
            : `resource:${ns}/res-${int(componentCount, partCount - 1)}`,
        });
      }
    }
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: isComponent ? 'Component' : 'Resource',
      metadata: {
        name,
        namespace: ns,
        ...(chance(0.5) ? { title: `Service ${i}` } : {}),
        annotations: {
          ...standardAnnotations(name),
          ...(isComponent ? toolAnnotations() : {}),
          ...readinessAnnotations(ctx, kind, team, adoption(), 0.15),
        },
      },
      spec: {
        type: isComponent
          ? pick(['service', 'website', 'library'])
          : 'database',
        owner,
        ...(life ? { lifecycle: life } : {}),
        ...(systemIndex >= 0 ? { system: `system-${systemIndex}` } : {}),
      },
      relations,
    };
    if (life) lifecycles.set(`${kind}:${ns}/${name}`, life);
    parts.push(entity);
  }
  return { parts, lifecycles };
}
