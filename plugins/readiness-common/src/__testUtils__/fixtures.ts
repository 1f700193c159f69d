import { Entity } from '@backstage/catalog-model';
import { CatalogLookup } from '../detectors';
import { ReadinessCheck, ReadinessModel } from '../types';

/** An entity as the catalog serves it. */
export function entity(
  kind: string,
  name: string,
  options: {
    annotations?: Record<string, string>;
    spec?: Entity['spec'];
    namespace?: string;
    title?: string;
    relations?: Entity['relations'];
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      ...(options.title ? { title: options.title } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: options.spec ?? {},
    ...(options.relations ? { relations: options.relations } : {}),
  };
}

/** A component owned by `group:default/team-a`, in production. */
export function component(
  name = 'svc',
  annotations: Record<string, string> = {},
  spec: NonNullable<Entity['spec']> = {},
): Entity {
  return entity('Component', name, {
    annotations,
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      ...spec,
    },
  });
}

/** A catalog made of the given refs; groups have the given member counts (default 3). */
export function catalogOf(
  refs: string[],
  options: {
    members?: Record<string, number>;
    lifecycles?: Record<string, string>;
  } = {},
): CatalogLookup {
  const known = new Set(refs);
  return {
    exists: ref => known.has(ref),
    groupMemberCount: ref =>
      known.has(ref) && ref.startsWith('group:')
        ? options.members?.[ref] ?? 3
        : undefined,
    lifecycleOf: ref => options.lifecycles?.[ref],
  };
}

export const NOW = new Date('2026-11-26T12:00:00Z');

function check(
  id: string,
  overrides: Partial<ReadinessCheck> = {},
): ReadinessCheck {
  return {
    id,
    category: id.slice(0, id.indexOf('.')),
    title: id,
    question: `${id}?`,
    guidance: '',
    weight: 1,
    gate: false,
    level: 'bronze',
    appliesTo: ['component', 'system', 'resource'],
    roles: [],
    ...overrides,
  };
}

/**
 * A small hand-written model whose arithmetic is easy to follow:
 * category `a` with a.one (weight 1, bronze gate), a.two (weight 3),
 * a.expiring (weight 1, expires after 30 days); category `b` with
 * b.one (weight 2, silver gate) and b.two (weight 2, gold gate).
 * Two required roles (lead, ops) and an optional one (dba).
 */
export function tinyModel(
  overrides: Partial<ReadinessModel> = {},
): ReadinessModel {
  return {
    categories: [
      { id: 'a', title: 'A', description: 'A' },
      { id: 'b', title: 'B', description: 'B' },
    ],
    levels: [
      { id: 'bronze', title: 'Bronze' },
      { id: 'silver', title: 'Silver' },
      { id: 'gold', title: 'Gold' },
    ],
    checks: [
      check('a.one', { gate: true }),
      check('a.two', { weight: 3 }),
      check('a.expiring', { expiresAfterDays: 30 }),
      check('b.one', { weight: 2, gate: true, level: 'silver' }),
      check('b.two', { weight: 2, gate: true, level: 'gold' }),
    ],
    roles: [
      {
        id: 'lead',
        title: 'Lead',
        responsibility: 'l',
        required: true,
        checks: [],
      },
      {
        id: 'ops',
        title: 'Ops',
        responsibility: 'o',
        required: true,
        checks: [],
      },
      {
        id: 'dba',
        title: 'DBA',
        responsibility: 'd',
        required: false,
        checks: [],
      },
    ],
    minimumProductionLevel: 'bronze',
    ...overrides,
  };
}
