import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { ReadinessStore, RecordTable } from '../database/ReadinessStore';
import type { RecomputeOptions } from './ReadinessComputation';
import { handsDown } from './scoringInputs';
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
 * have scored them from what it read before. A System's parts come along
 * only when what it hands down was written, as with the write itself (see
 * {@link RecomputeOptions.writes}). Those gone from the catalog are left
 * out. A page that fails is scored an entity at a time, so one entity does
 * not hold back the rest. Stops when `signal` aborts (the scheduler's
 * timeout): what is left, the next full run scores.
 *
 * @returns how many entities were scored again.
 */
export async function rescoreChangedSince(
  deps: {
    store: Pick<ReadinessStore, 'changedEntityPages'>;
    catalog: CatalogService;
    credentials: () => Promise<BackstageCredentials>;
    recomputeMany: (
      entities: Entity[],
      options: RecomputeOptions,
    ) => Promise<unknown>;
    logger: LoggerService;
  },
  watermark: number,
  signal?: AbortSignal,
): Promise<number> {
  const { store, logger } = deps;
  let rescored = 0;
  // An import writes each table in turn: an entity's entries are pages
  // apart. Its ref is kept so that it is scored once, again only when a
  // later page hands down what an earlier one did not.
  const scoredWithParts = new Map<string, boolean>();
  try {
    for await (const page of store.changedEntityPages(watermark, READ_PAGE)) {
      const groups = new Map<
        boolean,
        { refs: string[]; tables: Set<RecordTable> }
      >();
      for (const { ref, tables } of page) {
        const withParts = handsDown(tables);
        const scored = scoredWithParts.get(ref);
        if (scored === true || (scored === false && !withParts)) continue;
        scoredWithParts.set(ref, withParts);
        const group = groups.get(withParts) ?? { refs: [], tables: new Set() };
        group.refs.push(ref);
        tables.forEach(table => group.tables.add(table));
        groups.set(withParts, group);
      }
      for (const { refs, tables } of groups.values()) {
        for (const part of chunks(refs, PAGE_SIZE)) {
          if (signal?.aborted) {
            logger.warn(
              'Readiness stopped scoring the entities written during the full run: the rest are left for the next full run',
            );
            return rescored;
          }
          rescored += await rescorePart(deps, part, [...tables], signal);
        }
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
  writes: RecordTable[],
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
    await deps.recomputeMany(entities, { writes });
    return entities.length;
  } catch {
    let rescored = 0;
    for (const entity of entities) {
      if (signal?.aborted) break;
      try {
        await deps.recomputeMany([entity], { writes });
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
