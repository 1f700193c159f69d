import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_PARENT_OF,
} from '@backstage/catalog-model';
import {
  CatalogLookup,
  entityRefOf,
  GroupMembership,
  GroupNode,
  normalizeEntityRef,
  OrgStructure,
} from '@prodready/plugin-readiness-common';

/** The entity fields the engine reads; everything else stays in the catalog. */
export const ENTITY_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.etag',
  'metadata.annotations',
  // Read by no built-in check; there for contributed detectors.
  'metadata.labels',
  // Marks such as `personal-data` decide which roles an entity needs.
  'metadata.tags',
  'metadata.links',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.lifecycle',
  'spec.type',
  'spec.parent',
  'spec.children',
  'spec.profile.displayName',
  'relations',
];

const ENTITY_FIELD_PATHS = ENTITY_FIELDS.map(field => field.split('.'));

/**
 * The entity with only {@link ENTITY_FIELDS}, as the catalog gives it when
 * asked for them: every path scores the same body, so a detector sees in a
 * full run (which reads whole entities, the catalog's cheapest reply) what
 * it sees in a write or the freshness pass.
 */
export function withEntityFields(entity: Entity): Entity {
  const picked: Record<string, any> = {};
  for (const path of ENTITY_FIELD_PATHS) {
    let value: any = entity;
    for (const key of path) value = value?.[key];
    if (value === undefined) continue;
    let target = picked;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return picked as Entity;
}

/**
 * What scoring reads of a System its parts inherit from: not its relations,
 * which name each of its parts (5.8 MB of the full run's stream at 100,000
 * entities, and a write read them for each part).
 */
export const INHERITED_SYSTEM_FIELDS = ENTITY_FIELDS.filter(
  field => field !== 'relations',
);

/** What a reader of refs and etags asks of every entity, nothing else. */
export const ETAG_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.etag',
];

/** Accumulates what the engine asks of the catalog, from whatever entities were read. */
export class CatalogIndex implements CatalogLookup {
  /**
   * Every ref read, to its lifecycle when it has one: one map, not a set of
   * refs beside a map of lifecycles (a full run keeps an entry per entity).
   */
  private readonly refs = new Map<string, string | undefined>();
  private readonly memberCounts = new Map<string, number>();
  private readonly membership = new GroupMembership();
  private readonly lifecycleNames = new Map<string, string>();

  /** Adds an entity; returns its ref, which callers keep rather than a copy of their own. */
  add(entity: Entity): string {
    const ref = entityRefOf(entity);
    if (entity.kind.toLowerCase() === 'group') {
      const users: string[] = [];
      for (const relation of entity.relations ?? []) {
        const target = relation.targetRef.toLowerCase();
        if (relation.type === RELATION_HAS_MEMBER) users.push(target);
        else if (relation.type === RELATION_PARENT_OF) {
          this.membership.addChild(ref, target);
        } else if (relation.type === RELATION_CHILD_OF) {
          this.membership.addChild(target, ref);
        }
      }
      this.memberCounts.set(ref, users.length);
      this.membership.addGroup(ref, users);
      // Entities read without relations (tests, partial reads) still link by spec.
      for (const child of groupChildrenOf(entity)) {
        this.membership.addChild(ref, child);
      }
      const parent = groupParentOf(entity);
      if (parent) this.membership.addChild(parent, ref);
    }
    const lifecycle = entity.spec?.lifecycle;
    if (typeof lifecycle === 'string') {
      // One string per lifecycle, not one per entity: a full run keeps them all.
      let name = this.lifecycleNames.get(lifecycle);
      if (name === undefined) {
        name = lifecycle;
        this.lifecycleNames.set(name, name);
      }
      this.refs.set(ref, name);
    } else if (!this.refs.has(ref)) {
      this.refs.set(ref, undefined);
    }
    return ref;
  }

  exists(ref: string) {
    return this.refs.has(ref);
  }

  groupMemberCount(ref: string) {
    return this.memberCounts.get(ref);
  }

  groupMembers(ref: string) {
    return this.membership.membersOf(ref);
  }

  /** Sub-groups of a group this index knows of but has not read. */
  unreadSubGroups(ref: string): string[] {
    return this.membership.childrenOf(ref).filter(c => !this.refs.has(c));
  }

  /** Sub-groups of a group this index knows of, read or not. */
  subGroups(ref: string): string[] {
    return this.membership.childrenOf(ref);
  }

  lifecycleOf(ref: string) {
    return this.refs.get(ref);
  }
}

function optionalRef(value: unknown, defaultKind: string, namespace: string) {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return normalizeEntityRef(value, {
      defaultKind,
      defaultNamespace: namespace,
    });
  } catch {
    return undefined;
  }
}

function groupParentOf(entity: Entity) {
  return optionalRef(
    entity.spec?.parent,
    'group',
    entity.metadata.namespace ?? 'default',
  );
}

function groupChildrenOf(entity: Entity): string[] {
  const namespace = entity.metadata.namespace ?? 'default';
  return Array.isArray(entity.spec?.children)
    ? entity.spec!.children.flatMap(
        c => optionalRef(c, 'group', namespace) ?? [],
      )
    : [];
}

/** The group, system and domain structure rollups need. */
export function structureOf(entities: Iterable<Entity>): OrgStructure {
  const structure: OrgStructure = { groups: [], systems: [], domains: [] };
  for (const entity of entities) {
    const kind = entity.kind.toLowerCase();
    const namespace = entity.metadata.namespace ?? 'default';
    const title =
      entity.metadata.title ??
      (entity.spec?.profile as { displayName?: string } | undefined)
        ?.displayName;
    if (kind === 'group') {
      const node: GroupNode = { ref: entityRefOf(entity) };
      if (title) node.title = title;
      const parent = optionalRef(entity.spec?.parent, 'group', namespace);
      if (parent) node.parent = parent;
      if (Array.isArray(entity.spec?.children)) {
        node.children = entity.spec!.children.flatMap(
          c => optionalRef(c, 'group', namespace) ?? [],
        );
      }
      structure.groups.push(node);
    } else if (kind === 'system') {
      structure.systems.push({
        ref: entityRefOf(entity),
        title,
        domain: optionalRef(entity.spec?.domain, 'domain', namespace),
      });
    } else if (kind === 'domain') {
      structure.domains.push({ ref: entityRefOf(entity), title });
    }
  }
  return structure;
}

/** Refs an entity's scorecard depends on besides the entity and role holders: owner, dependencies. */
export function referencedRefs(entity: Entity): string[] {
  const refs = new Set<string>();
  const namespace = entity.metadata.namespace ?? 'default';
  const owner = optionalRef(entity.spec?.owner, 'group', namespace);
  if (owner) refs.add(owner);
  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_DEPENDS_ON) {
      refs.add(relation.targetRef.toLowerCase());
    }
  }
  return [...refs];
}

/** What the index reads of each entity: what {@link CatalogIndex.add} looks at. */
export const INDEX_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.lifecycle',
  'spec.parent',
  'spec.children',
  'relations',
];

/** What the rollup tree needs of a group: what the index and {@link structureOf} look at. */
export const GROUP_FIELDS = [
  ...INDEX_FIELDS,
  'metadata.title',
  'spec.profile.displayName',
];
