import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../database/ReadinessStore';
import { chunks } from '../database/storeDatabase';

/**
 * Entities scored again per transaction, and read from the catalog per
 * request: an import during a run can have changed every entity's records.
 */
const PAGE_SIZE = 100;
/** History entries read per statement: an import writes one per record. */
const READ_PAGE = 1000;

/**
 * Scores again, a page at a time, the entities whose records a write
 * changed since `watermark` (while a full run read its inputs): the run may
 * have scored them from what it read before. Those gone from the catalog
 * are left out. A page that fails is scored an entity at a time, so one
 * entity does not hold back the rest. Stops when `signal` aborts (the
 * scheduler's timeout): what is left, the next full run scores.
 *
 * @returns how many entities were scored again.
 */
export async function rescoreChangedSince(
  deps: {
    store: Pick<ReadinessStore, 'changedEntityPages'>;
    catalog: CatalogService;
    credentials: () => Promise<BackstageCredentials>;
    recomputeMany: (entities: Entity[]) => Promise<unknown>;
    logger: LoggerService;
  },
  watermark: number,
  signal?: AbortSignal,
): Promise<number> {
  const { store, logger } = deps;
  let rescored = 0;
  // An import writes each table in turn: an entity's entries are pages
  // apart. Its ref (not its entries) is kept so that it is scored once.
  const seen = new Set<string>();
  try {
    for await (const page of store.changedEntityPages(watermark, READ_PAGE)) {
      const refs = page.filter(ref => !seen.has(ref));
      refs.forEach(ref => seen.add(ref));
      for (const part of chunks(refs, PAGE_SIZE)) {
        if (signal?.aborted) {
          logger.warn(
            'Readiness stopped scoring the entities written during the full run: the rest are left for the next full run',
          );
          return rescored;
        }
        rescored += await rescorePart(deps, part, signal);
      }
    }
  } catch (error) {
    logger.warn(
      `Could not read which entities were written during the full run; the next full run scores them: ${error}`,
    );
  }
  return rescored;
}

/** Scores a part again; returns how many of its entities were. */
async function rescorePart(
  deps: Parameters<typeof rescoreChangedSince>[0],
  part: string[],
  signal?: AbortSignal,
): Promise<number> {
  const { catalog, logger } = deps;
  let entities: Entity[];
  try {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: part },
      { credentials: await deps.credentials() },
    );
    entities = items.filter((e): e is Entity => !!e);
    // All gone from the catalog: nothing to score, no transaction.
    if (!entities.length) return 0;
  } catch (error) {
    logger.warn(
      `Could not read ${part.length} entities written during the full run from the catalog; the next full run scores them: ${error}`,
    );
    return 0;
  }
  try {
    await deps.recomputeMany(entities);
    return entities.length;
  } catch {
    let rescored = 0;
    for (const entity of entities) {
      if (signal?.aborted) break;
      try {
        await deps.recomputeMany([entity]);
        rescored++;
      } catch (error) {
        logger.warn(
          `Could not recompute ${entityRefOf(
            entity,
          )} after the full run: ${error}`,
        );
      }
    }
    return rescored;
  }
}
