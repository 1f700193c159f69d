/*
 * The relations a catalog gives the generated entities, for a benchmark that
 * serves them as a catalog would. The generator writes only the forward
 * relations the engine reads (ownedBy, partOf, dependsOn on the scored
 * entities); a catalog's processors emit each of them with its reverse on
 * the target, and the relations of groups, users and domains from their
 * specs. Without them every group has no members, and a group's body is a
 * few hundred bytes where a catalog's carries an `ownerOf` for everything
 * the group owns.
 */
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_HAS_PART,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import { entityRefOf, normalizeEntityRef } from '..';

/** Each relation type with its reverse, as the catalog's processors emit them. */
const REVERSE: Record<string, string> = {
  [RELATION_OWNED_BY]: RELATION_OWNER_OF,
  [RELATION_PART_OF]: RELATION_HAS_PART,
  [RELATION_DEPENDS_ON]: RELATION_DEPENDENCY_OF,
  [RELATION_MEMBER_OF]: RELATION_HAS_MEMBER,
  [RELATION_CHILD_OF]: RELATION_PARENT_OF,
};
for (const [type, reverse] of Object.entries(REVERSE)) REVERSE[reverse] = type;

/** The group refs a spec field names (one or a list), in normal form. */
function groupRefsIn(value: unknown): string[] {
  return [value]
    .flat()
    .filter((v): v is string => typeof v === 'string' && !!v)
    .map(v =>
      normalizeEntityRef(v, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
}

/**
 * Per kind, the spec fields a catalog's processors turn into relations that
 * the generator does not write (the refs in them name groups).
 */
const SPEC_RELATIONS: Record<string, [field: string, type: string][]> = {
  user: [['memberOf', RELATION_MEMBER_OF]],
  group: [
    ['parent', RELATION_CHILD_OF],
    ['children', RELATION_PARENT_OF],
  ],
  domain: [['owner', RELATION_OWNED_BY]],
};

/** The forward relations of an entity: those it has, and those of its spec. */
function forwardOf(entity: Entity): [string, string][] {
  const pairs: [string, string][] = (entity.relations ?? []).map(r => [
    r.type,
    r.targetRef,
  ]);
  for (const [field, type] of SPEC_RELATIONS[entity.kind.toLowerCase()] ?? []) {
    for (const target of groupRefsIn(entity.spec?.[field])) {
      pairs.push([type, target]);
    }
  }
  return pairs;
}

/**
 * Gives every entity the relations a catalog would: its forward ones and
 * the reverse of every relation that names it, each once. A relation to an
 * entity the catalog lacks stays on the source only. Returns how many
 * relations the entities carry in all.
 */
export function addCatalogRelations(entities: Entity[]): number {
  const byRef = new Map(entities.map(e => [entityRefOf(e), e]));
  const relations = new Map<Entity, Map<string, [string, string]>>();
  const add = (entity: Entity, type: string, target: string) => {
    let own = relations.get(entity);
    if (!own) relations.set(entity, (own = new Map()));
    own.set(`${type} ${target}`, [type, target]);
  };
  for (const entity of entities) {
    const source = entityRefOf(entity);
    for (const [type, targetRef] of forwardOf(entity)) {
      const target = targetRef.toLowerCase();
      add(entity, type, target);
      const other = byRef.get(target);
      if (other && REVERSE[type]) add(other, REVERSE[type], source);
    }
  }
  let count = 0;
  for (const [entity, own] of relations) {
    entity.relations = [...own.values()].map(([type, targetRef]) => ({
      type,
      targetRef,
    }));
    count += own.size;
  }
  return count;
}
