/*
 * The organisation both tools read: the seeded synthetic organisation of the
 * engine benchmark (generateOrg), made into entities a real catalog accepts,
 * with exactly the ten bench annotations on every scored entity.
 */
import { Entity } from '@backstage/catalog-model';
import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import { generateOrg } from '@prodready/plugin-readiness-common/testUtils';
import { ANNOTATION_PREFIX, annotationOf, BENCH_CHECKS } from './benchChecks';

/** The engine benchmark's seed: the same organisation as `npm run bench:backend`. */
const SEED = 20260914;

export interface BenchOrganisation {
  entities: Entity[];
  /** Refs of the systems, components and resources both tools score. */
  scoredRefs: string[];
  counts: Record<string, number>;
}

const refOf = (e: Entity) =>
  `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`;

/**
 * The ten bench annotations: the value the generator drew for the check when
 * it drew one (teams adopt readiness unevenly, and some values are
 * malformed), `not-met` otherwise. Its other readiness annotations (other
 * checks, roles) are left out, so both tools read the same ten.
 */
function benchAnnotations(annotations: Record<string, string> = {}) {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(ANNOTATION_PREFIX)) result[key] = value;
  }
  for (const check of BENCH_CHECKS) {
    const key = annotationOf(check);
    result[key] = annotations[key] ?? 'not-met';
  }
  return result;
}

/** Where the catalog says an entity comes from (it requires one); the generator's own win. */
const LOCATION = {
  'backstage.io/managed-by-location': 'bench:compare-organisation',
  'backstage.io/managed-by-origin-location': 'bench:compare-organisation',
};

/**
 * What the catalog needs that the generator (built for the engine, which
 * never validates) leaves out: location annotations on groups and users,
 * `children` on every group, a lifecycle on every component; relations as
 * spec fields, since the catalog derives relations itself.
 */
function catalogReady(entity: Entity, scored: boolean): Entity {
  const { relations = [], ...rest } = entity;
  const spec = { ...(entity.spec ?? {}) };
  if (entity.kind === 'Group' && !Array.isArray(spec.children)) {
    spec.children = [];
  }
  if (entity.kind === 'Component') {
    spec.lifecycle ??= 'unknown';
    const dependsOn = relations
      .filter(r => r.type === 'dependsOn')
      .map(r => r.targetRef);
    if (dependsOn.length) spec.dependsOn = dependsOn;
  }
  const annotations = {
    ...LOCATION,
    ...(scored
      ? benchAnnotations(entity.metadata.annotations)
      : entity.metadata.annotations),
  };
  return { ...rest, metadata: { ...entity.metadata, annotations }, spec };
}

/** `total` scored entities (systems, components, resources) with their groups, users and domains. */
export function benchOrganisation(total: number): BenchOrganisation {
  const org = generateOrg(buildReadinessModel(), total, SEED);
  const structural = [...org.groups, ...org.users, ...org.domains];
  const scored = org.scored.map(e => catalogReady(e, true));
  const entities = [...structural.map(e => catalogReady(e, false)), ...scored];
  const counts: Record<string, number> = {};
  for (const e of entities) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return { entities, scoredRefs: scored.map(refOf), counts };
}
