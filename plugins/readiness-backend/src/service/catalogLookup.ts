import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogLookup,
  entityRefOf,
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

/** Accumulates what the engine asks of the catalog, from whatever entities were read. */
export class CatalogIndex implements CatalogLookup {
  private readonly refs = new Set<string>();
  private readonly memberCounts = new Map<string, number>();
  private readonly lifecycles = new Map<string, string>();

  add(entity: Entity) {
    const ref = entityRefOf(entity);
    this.refs.add(ref);
    if (entity.kind.toLowerCase() === 'group') {
      this.memberCounts.set(
        ref,
        entity.relations?.filter(r => r.type === RELATION_HAS_MEMBER).length ??
          0,
      );
    }
    if (typeof entity.spec?.lifecycle === 'string') {
      this.lifecycles.set(ref, entity.spec.lifecycle);
    }
  }

  exists(ref: string) {
    return this.refs.has(ref);
  }

  groupMemberCount(ref: string) {
    return this.memberCounts.get(ref);
  }

  lifecycleOf(ref: string) {
    return this.lifecycles.get(ref);
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

/** Reads the given refs from the catalog into an index (for one entity's recomputation). */
export async function indexRefs(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  refs: string[],
): Promise<CatalogIndex> {
  const index = new CatalogIndex();
  for (let i = 0; i < refs.length; i += 200) {
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs.slice(i, i + 200),
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.lifecycle',
          'relations',
        ],
      },
      { credentials },
    );
    for (const item of items) {
      if (item) index.add(item);
    }
  }
  return index;
}
