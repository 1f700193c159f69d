import { Entity } from '@backstage/catalog-model';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { CatalogFacts } from '../database/ReadinessStore';
import { CatalogIndex, structureOf } from './catalogLookup';
import { sha1Hex } from './sha1';

/**
 * The facts of an entity read with the fields scoring reads. Built from the
 * same lookups the engine and the rollups make ({@link CatalogIndex},
 * {@link structureOf}), so it changes exactly when one of them would.
 */
export function catalogFactsOf(entity: Entity): CatalogFacts {
  const entityRef = entityRefOf(entity);
  const index = new CatalogIndex();
  index.add(entity);
  const { groups, systems, domains } = structureOf([entity]);
  const node = groups[0] ?? systems[0] ?? domains[0];
  const kind = entity.kind.toLowerCase();
  // Users and Groups hold roles and own entities: their presence counts.
  const counts = node !== undefined || kind === 'user';
  return {
    entityRef,
    etag: entity.metadata.etag ?? null,
    lifecycle: index.lifecycleOf(entityRef) ?? null,
    shape: counts
      ? sha1Hex(
          JSON.stringify([
            kind,
            node ?? null,
            // What role health reads of a group: its members and sub-groups.
            index.groupMemberCount(entityRef) ?? null,
            index.groupMembers(entityRef) ?? null,
            index.unreadSubGroups(entityRef).sort(),
          ]),
        ).slice(0, 20)
      : null,
  };
}

/** What a change of an entity's facts asks for. */
export interface FactsChange {
  /** Its place in the rollup tree or its presence as a possible owner or role holder changed. */
  structure: boolean;
  /** Its lifecycle changed: the entities depending on it are scored again. */
  lifecycle: boolean;
}

/** Compares recorded facts (absent: the entity is new) with current ones (absent: it is gone). */
export function compareFacts(
  before: CatalogFacts | undefined,
  after: CatalogFacts | undefined,
): FactsChange {
  return {
    structure: (before?.shape ?? null) !== (after?.shape ?? null),
    lifecycle: (before?.lifecycle ?? null) !== (after?.lifecycle ?? null),
  };
}
