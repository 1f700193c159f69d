/*
 * A seeded synthetic organisation for the engine benchmark: groups four
 * levels deep, users, domains, systems, components and resources with a mix
 * of readiness annotations (some malformed), portal answers, pushed results
 * and role assignments, and the CatalogLookup the backend would build.
 * Deterministic: the same seed gives the same organisation (no Math.random).
 */
import { Entity } from '@backstage/catalog-model';
import {
  catalogDetectors,
  CatalogLookup,
  DetectorFinding,
  entityRefOf,
  GroupMembership,
  OrgStructure,
  ReadinessAnswer,
  ReadinessDetector,
  ReadinessModel,
  ReadinessRoleAssignment,
} from '..';

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32): the same organisation on every run and machine.

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let random = mulberry32(1);
const chance = (p: number) => random() < p;
const int = (min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

// ---------------------------------------------------------------------------
// The synthetic organisation

export const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const isoDay = (daysAgo: number) =>
  new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

export interface SyntheticOrg {
  groups: Entity[];
  users: Entity[];
  domains: Entity[];
  systems: Entity[];
  /** Systems, components and resources: what the backend scores. */
  scored: Entity[];
  portalAnswers: Map<string, ReadinessAnswer[]>;
  portalRoles: Map<string, ReadinessRoleAssignment[]>;
  pushedResults: Map<string, ReadinessAnswer[]>;
  catalog: CatalogLookup;
  structure: OrgStructure;
}

const standardAnnotations = (name: string) => ({
  'backstage.io/managed-by-location': `url:https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/managed-by-origin-location': `url:https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/view-url': `https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/edit-url': `https://git.example.com/acme/${name}/edit/main/catalog-info.yaml`,
  'backstage.io/source-location': `url:https://git.example.com/acme/${name}/`,
});

/** Malformed values owners really write: typos, bad dates, missing fields. */
const MALFORMED = [
  'done',
  'met; date=2026-13-45',
  'met; date=yesterday',
  'met; evidence=ftp://files.example.com/report',
  'met; evidence=wiki page',
  'na',
  'na; reason=too-hard; note=we do not want to',
  'na; reason=out-of-scope',
  'partial; owner=alice',
  'not-met; reason=other; note=x',
  'met; note',
  'met; note=a; note=b',
];

export function generateOrg(
  model: ReadinessModel,
  total: number,
  seed: number,
): SyntheticOrg {
  random = mulberry32(seed);
  const ns = 'default';
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
  const teams = groupRefs[3];
  const areas = groupRefs[2];

  // Users: members of teams; about one team in twenty has nobody left.
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

  const domains: Entity[] = [];
  for (let i = 0; i < 40; i++) {
    domains.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `domain-${i}`, namespace: ns, title: `Domain ${i}` },
      spec: { owner: pick(groupRefs[1]) },
    });
  }

  const systemCount = Math.max(1, Math.round(total * 0.04));
  const resourceCount = Math.round(total * 0.2);
  const componentCount = total - systemCount - resourceCount;

  const checksFor = (kind: string) =>
    model.checks.filter(
      c => c.appliesTo.includes(kind) && c.scoredBy !== 'role-health',
    );
  const answerable = {
    system: checksFor('system'),
    component: checksFor('component'),
    resource: checksFor('resource'),
  };
  const roleIds = model.roles.map(r => r.id);

  const holderFor = (team: string): string => {
    const members = membersOf.get(team) ?? [];
    const r = random();
    if (r < 0.04) return `user:${ns}/former-${int(0, 500)}`; // left the company
    if (r < 0.12 || members.length === 0) return team; // the team as a whole
    return pick(members);
  };

  const readinessAnnotations = (
    kind: keyof typeof answerable,
    team: string,
    answerRate: number,
    roleRate: number,
  ): Record<string, string> => {
    const result: Record<string, string> = {};
    for (const check of answerable[kind]) {
      if (!chance(answerRate)) continue;
      const key = `prodready.dev/check.${check.id}`;
      if (chance(0.03)) {
        result[key] = pick(MALFORMED);
        continue;
      }
      const r = random();
      const fields: string[] = [];
      if (r < 0.1) {
        result[key] = `na; reason=${pick([
          'out-of-scope',
          'business-priority',
          'architecture-constraint',
          'other',
        ])}; note=not needed for this ${kind}`;
        continue;
      }
      let status = 'not-met';
      if (r < 0.65) status = 'met';
      else if (r < 0.82) status = 'partial';
      fields.push(status);
      if (check.expiresAfterDays !== undefined) {
        // Most answers are recent; some are older than the expiry period.
        fields.push(`date=${isoDay(int(0, check.expiresAfterDays * 1.6))}`);
      } else if (chance(0.3)) {
        fields.push(`date=${isoDay(int(0, 700))}`);
      }
      if (chance(0.5)) {
        fields.push(
          `evidence=https://wiki.example.com/${team.slice(14)}/${check.id}`,
        );
      }
      if (chance(0.15)) fields.push('note=reviewed at the quarterly review');
      result[key] = fields.join('; ');
    }
    if (chance(roleRate)) {
      for (const roleId of roleIds) {
        if (!chance(0.75)) continue;
        const holders = [holderFor(team)];
        if (chance(0.2)) holders.push(holderFor(team));
        if (chance(0.05)) holders.push(holders[0]); // duplicate holder
        result[`prodready.dev/role.${roleId}`] = chance(0.01)
          ? 'api:default/not-a-person'
          : holders.join(', ');
      }
    }
    if (chance(0.005)) result['prodready.dev/check.no-such.check'] = 'met';
    if (chance(0.005)) result['prodready.dev/owner'] = 'team';
    return result;
  };

  const toolAnnotations = (): Record<string, string> => {
    const result: Record<string, string> = {};
    if (chance(0.5)) result['backstage.io/techdocs-ref'] = 'dir:.';
    if (chance(0.4)) result['pagerduty.com/integration-key'] = 'abc123';
    if (chance(0.35)) result['sonarqube.org/project-key'] = 'acme:svc';
    if (chance(0.3)) result['vault.io/secrets-path'] = 'kv/acme/svc';
    if (chance(0.25)) result['grafana/dashboard-selector'] = 'tags @> svc';
    if (chance(0.2)) result['github.com/project-slug'] = 'acme/svc';
    return result;
  };

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

  let systems: Entity[] = [];
  const systemTeams: string[] = [];
  for (let i = 0; i < systemCount; i++) {
    const name = `system-${i}`;
    const team = chance(0.1) ? pick(areas) : pick(teams);
    systemTeams.push(team);
    const domain = chance(0.9)
      ? `domain-${int(0, domains.length - 1)}`
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
          ...readinessAnnotations('system', team, 0.5, 0.7),
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

  let parts: Entity[] = [];
  const lifecycles = new Map<string, string>();
  const partCount = componentCount + resourceCount;
  for (let i = 0; i < partCount; i++) {
    const isComponent = i < componentCount;
    const kind = isComponent ? 'component' : 'resource';
    const name = `${isComponent ? 'svc' : 'res'}-${i}`;
    const systemIndex = chance(0.92) ? int(0, systemCount - 1) : -1;
    let team = chance(0.05) ? pick(areas) : pick(teams);
    if (systemIndex >= 0 && chance(0.8)) team = systemTeams[systemIndex];
    const owner = chance(0.02) ? `user:${ns}/u${int(0, users.length)}` : team;
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
          ...readinessAnnotations(kind, team, adoption(), 0.15),
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

  // The backend gets entities as JSON from the catalog API: give the engine
  // objects of the same shape (JSON.parse), not literals built in code.
  ({ systems, parts } = JSON.parse(JSON.stringify({ systems, parts })));
  const scored = [...systems, ...parts];

  // What the backend's database would hold: portal answers, roles, pushed results.
  const portalAnswers = new Map<string, ReadinessAnswer[]>();
  const portalRoles = new Map<string, ReadinessRoleAssignment[]>();
  const pushedResults = new Map<string, ReadinessAnswer[]>();
  let version = 0;
  for (const entity of scored) {
    const ref = entityRefOf(entity);
    const kind = ref.slice(0, ref.indexOf(':')) as keyof typeof answerable;
    const team = String(entity.spec!.owner);
    if (chance(0.08)) {
      const answers: ReadinessAnswer[] = [];
      for (let n = int(1, 5); n > 0; n--) {
        const check = pick(answerable[kind]);
        if (answers.some(a => a.checkId === check.id)) continue;
        const status = pick([
          'met',
          'met',
          'partially-met',
          'not-met',
        ] as const);
        answers.push({
          checkId: check.id,
          status,
          source: 'portal',
          answeredBy: pick(membersOf.get(team) ?? ['user:default/u0']),
          answeredAt: new Date(NOW.getTime() - int(0, 400) * DAY).toISOString(),
          version: ++version,
          ...(chance(0.5)
            ? { evidenceUrl: `https://wiki.example.com/${check.id}` }
            : {}),
        });
      }
      portalAnswers.set(ref, answers);
    }
    if (chance(0.03)) {
      portalRoles.set(ref, [
        {
          roleId: pick(roleIds),
          holders: [holderFor(team)],
          source: 'portal',
          assignedBy: 'user:default/u0',
          assignedAt: NOW.toISOString(),
          version: ++version,
        },
      ]);
    }
    if (kind === 'component' && chance(0.05)) {
      pushedResults.set(ref, [
        {
          checkId: pick([
            'scalability.load-test',
            'security.vulnerability-scanning',
          ]),
          status: pick(['met', 'partially-met', 'not-met'] as const),
          source: 'automatic',
          answeredBy: 'ci-pipeline',
          answeredAt: new Date(NOW.getTime() - int(0, 500) * DAY).toISOString(),
        },
      ]);
    }
  }

  // The catalog as the backend's CatalogIndex sees it.
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
  const catalog: CatalogLookup = {
    exists: ref => refs.has(ref),
    groupMemberCount: ref => memberCounts.get(ref),
    groupMembers: ref => membership.membersOf(ref),
    lifecycleOf: ref => lifecycles.get(ref),
  };

  const structure: OrgStructure = {
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

  return {
    groups,
    users,
    domains,
    systems,
    scored,
    portalAnswers,
    portalRoles,
    pushedResults,
    catalog,
    structure,
  };
}

// ---------------------------------------------------------------------------
// Detectors: the always-on catalog detectors, plus stand-ins for the
// integrations module's annotation detectors (same lookups), so the engine
// does the detector work the demo backend does.

const annotationDetector = (
  id: string,
  checkId: string,
  keys: string[],
): ReadinessDetector => ({
  id,
  title: id,
  checkIds: [checkId],
  detect(entity): DetectorFinding[] {
    const annotations = entity.metadata.annotations ?? {};
    const key = keys.find(k => annotations[k]?.trim());
    return key ? [{ checkId, status: 'met', note: `configured (${key})` }] : [];
  },
});

export const benchDetectors: ReadinessDetector[] = [
  ...catalogDetectors,
  annotationDetector('runbooks', 'support.runbooks', [
    'backstage.io/techdocs-ref',
  ]),
  annotationDetector('on-call', 'monitoring.alerting', [
    'pagerduty.com/integration-key',
    'pagerduty.com/service-id',
    'opsgenie.com/component-selector',
  ]),
  annotationDetector('dashboards', 'monitoring.metrics', [
    'grafana/dashboard-selector',
    'datadoghq.com/dashboard-url',
    'prometheus.io/rule',
  ]),
  annotationDetector('sonarqube', 'security.vulnerability-scanning', [
    'sonarqube.org/project-key',
  ]),
  annotationDetector('vault', 'security.secrets-management', [
    'vault.io/secrets-path',
  ]),
];
