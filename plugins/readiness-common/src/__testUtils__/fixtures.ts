import { Entity } from '@backstage/catalog-model';
import { CatalogLookup } from '../detectors';
import { GroupMembership } from '../groupMembership';
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

/**
 * A catalog made of the given refs. Groups have the given direct members
 * (`users`), else the given number of anonymous members (`members`, default
 * 3), and the given sub-groups (`children`).
 */
export function catalogOf(
  refs: string[],
  options: {
    members?: Record<string, number>;
    users?: Record<string, string[]>;
    children?: Record<string, string[]>;
    lifecycles?: Record<string, string>;
  } = {},
): CatalogLookup {
  const known = new Set(refs);
  const membership = new GroupMembership();
  const direct = new Map<string, string[]>();
  for (const ref of refs) {
    if (!ref.startsWith('group:')) continue;
    const users =
      options.users?.[ref] ??
      Array.from(
        { length: options.members?.[ref] ?? 3 },
        (_, i) => `user:default/${ref.slice(ref.indexOf('/') + 1)}-${i}`,
      );
    direct.set(ref, users);
    membership.addGroup(ref, users);
  }
  for (const [parent, children] of Object.entries(options.children ?? {})) {
    for (const child of children) membership.addChild(parent, child);
  }
  return {
    exists: ref => known.has(ref),
    groupMemberCount: ref => direct.get(ref)?.length,
    groupMembers: ref => membership.membersOf(ref),
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
