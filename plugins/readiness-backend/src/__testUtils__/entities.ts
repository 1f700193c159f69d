import { Entity } from '@backstage/catalog-model';
import {
  entityRefOf,
  normalizeEntityRef,
} from '@prodready/plugin-readiness-common';

/**
 * Adds the relations the catalog's processors would add (ownedBy/ownerOf,
 * partOf/hasPart, memberOf/hasMember, childOf/parentOf, dependsOn), since the
 * in-memory catalog mock stores entities as given.
 */
export function withRelations(entities: Entity[]): Entity[] {
  const copies = entities.map(e => ({
    ...e,
    relations: [] as NonNullable<Entity['relations']>,
  }));
  const byRef = new Map(copies.map(e => [entityRefOf(e), e]));
  const relate = (from: Entity, type: string, to: string, reverse: string) => {
    from.relations!.push({ type, targetRef: to });
    byRef
      .get(to)
      ?.relations!.push({ type: reverse, targetRef: entityRefOf(from) });
  };
  for (const e of copies) {
    const ns = e.metadata.namespace ?? 'default';
    const ref = (value: unknown, kind: string) =>
      normalizeEntityRef(String(value), {
        defaultKind: kind,
        defaultNamespace: ns,
      });
    if (e.spec?.owner)
      relate(e, 'ownedBy', ref(e.spec.owner, 'group'), 'ownerOf');
    if (e.spec?.system)
      relate(e, 'partOf', ref(e.spec.system, 'system'), 'hasPart');
    if (e.kind === 'System' && e.spec?.domain)
      relate(e, 'partOf', ref(e.spec.domain, 'domain'), 'hasPart');
    if (e.kind === 'Group' && e.spec?.parent)
      relate(e, 'childOf', ref(e.spec.parent, 'group'), 'parentOf');
    for (const g of (e.spec?.memberOf as string[] | undefined) ?? []) {
      relate(e, 'memberOf', ref(g, 'group'), 'hasMember');
    }
    for (const d of (e.spec?.dependsOn as string[] | undefined) ?? []) {
      relate(e, 'dependsOn', ref(d, 'component'), 'dependencyOf');
    }
  }
  return copies;
}

let counter = 0;

/** A small organisation for tests: acme → eng → team-a (alice) / team-b (bob), a system, components. */
export function smallOrg(): Entity[] {
  counter++;
  const group = (
    name: string,
    parent?: string,
    children: string[] = [],
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children, ...(parent ? { parent } : {}) },
  });
  const user = (name: string, memberOf: string[]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
  });
  const component = (
    name: string,
    owner: string,
    annotations: Record<string, string> = {},
    extra = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations,
      etag: `etag-${counter}-${name}`,
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: 'shop',
      ...extra,
    },
  });
  return withRelations([
    group('acme', undefined, ['eng']),
    group('eng', 'acme', ['team-a', 'team-b']),
    group('team-a', 'eng'),
    group('team-b', 'eng'),
    group('empty-team', 'eng'),
    user('alice', ['team-a']),
    user('bob', ['team-b']),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'commerce', namespace: 'default' },
      spec: { owner: 'eng' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'shop',
        namespace: 'default',
        annotations: { 'prodready.dev/check.monitoring.audit-trail': 'met' },
      },
      spec: { owner: 'team-a', domain: 'commerce' },
    },
    component('cart', 'team-a', {
      'prodready.dev/check.monitoring.metrics':
        'met; evidence=https://grafana.example/d/cart',
      'prodready.dev/role.dba': 'user:default/alice',
    }),
    component('checkout', 'team-a', {
      'prodready.dev/check.recoverability.backups': 'done',
    }),
    component('search', 'team-b'),
  ]);
}

/** The entities with `annotations` added to those `match` picks. */
export function annotated(
  entities: Entity[],
  match: (entity: Entity) => boolean,
  annotations: Record<string, string>,
): Entity[] {
  return entities.map(e =>
    match(e)
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: { ...e.metadata.annotations, ...annotations },
          },
        }
      : e,
  );
}
