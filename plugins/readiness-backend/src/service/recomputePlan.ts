import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  ReadinessEngine,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import {
  ENTITY_FIELDS,
  INHERITED_SYSTEM_FIELDS,
  referencedRefs,
} from './catalogLookup';

/** What a recomputation needs from the catalog. */
export interface RecomputePlan {
  /** Entities to score, each once. */
  targets: Entity[];
  /** Systems whose answers and roles the targets inherit, by ref. */
  systems: Map<string, Entity>;
  /** Refs the targets' scorecards depend on (owners, dependencies). */
  refs: Set<string>;
  /** Every scored entity and System, sorted. */
  lockKeys: string[];
}

/**
 * Reads from the catalog, before any transaction opens, what recomputing
 * `entities` needs: the entities to score (a System brings its parts unless
 * `withParts` is false), their Systems, the refs they depend on, and the
 * lock keys in a stable order.
 */
export async function planRecompute(
  engine: ReadinessEngine,
  catalog: CatalogService,
  entities: Entity[],
  credentials: BackstageCredentials,
  { withParts }: { withParts: boolean },
): Promise<RecomputePlan> {
  const targets = new Map<string, Entity>();
  const systems = new Map<string, Entity>();
  const keys = new Set<string>();
  const systemsToRead = new Set<string>();
  for (const entity of entities) {
    const kind = entity.kind.toLowerCase();
    const entityRef = entityRefOf(entity);
    keys.add(entityRef);
    if (engine.appliesTo(kind)) targets.set(entityRef, entity);
    const systemRef = systemRefOf(entity);
    if (systemRef) {
      keys.add(systemRef);
      systemsToRead.add(systemRef);
    } else if (kind === 'system') {
      systems.set(entityRef, entity);
      if (!withParts) continue;
      for await (const page of catalog.streamEntities(
        { filter: { 'relations.partOf': entityRef }, fields: ENTITY_FIELDS },
        { credentials },
      )) {
        for (const part of page) {
          if (engine.appliesTo(part.kind)) {
            targets.set(entityRefOf(part), part);
          }
        }
      }
    }
  }
  // The batch's Systems in one catalog request, not one each.
  const unread = [...systemsToRead].filter(ref => !systems.has(ref));
  if (unread.length) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: unread, fields: INHERITED_SYSTEM_FIELDS },
      { credentials },
    );
    for (const system of items) {
      if (system) systems.set(entityRefOf(system), system);
    }
  }
  const refs = new Set<string>();
  for (const target of targets.values()) {
    keys.add(entityRefOf(target));
    for (const r of referencedRefs(target)) refs.add(r);
  }
  return {
    targets: [...targets.values()],
    systems,
    refs,
    lockKeys: [...keys].sort(),
  };
}
