import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { chunks } from '../database/storeDatabase';
import { ReadinessStore } from '../database/ReadinessStore';

/** State key of the daily check: the day it last finished, and where its scan goes on. */
export const DEPARTED_CHECK_STATE = 'departed-entities-checked';

/** The actor of the history entries of a purge. */
const PURGE_ACTOR = 'readiness retention';

const DAY_MS = 86_400_000;

/** How much a daily check does; the defaults, or smaller ones in tests. */
export interface DepartedCheckLimits {
  /** Record refs read per scan query. */
  scanBatch: number;
  /** Refs asked of the catalog at a time, and purged in one transaction. */
  catalogBatch: number;
  /** Refs asked of the catalog a day while scanning; the next day's scan goes on from there. */
  maxAskedPerDay: number;
  /** Purge transactions a day. */
  maxPurgeBatches: number;
}

const LIMITS: DepartedCheckLimits = {
  scanBatch: 2000,
  catalogBatch: 500,
  maxAskedPerDay: 10_000,
  maxPurgeBatches: 20,
};

interface CheckState {
  /** The day the last check finished. */
  day?: string;
  /** The scan's position: the last ref it read, or '' to start from the first. */
  after: string;
}

/** What a daily check did. */
export interface DepartedCheck {
  /** Entities found gone from the catalog. */
  marked: number;
  /** Entities marked gone before that are back. */
  returned: number;
  /** Entities whose records were deleted. */
  purged: number;
  /** Records deleted, by table. */
  records: Record<string, number>;
}

export interface DepartedRecordsDeps {
  store: ReadinessStore;
  catalog: CatalogService;
  credentials: () => Promise<BackstageCredentials>;
  logger: LoggerService;
  auditor?: AuditorService;
  limits?: Partial<DepartedCheckLimits>;
}

/**
 * `readiness.retention.departedDays`, once a day:
 *
 * 1. forgets the marks of entities scored again (they are back);
 * 2. scans the refs that have records for those with neither a scorecard
 *    nor a mark and asks the catalog about them (not inferring "gone" from
 *    a missing scorecard, which a kind no longer scored also lacks); those
 *    it lacks are marked. A scan that runs out of its day's budget goes on
 *    from there the next day, so no ref waits behind others for ever;
 * 3. asks the catalog again about the entities marked `days` ago or
 *    earlier, and deletes the records of those still gone, under their
 *    writers' locks (an entity scored again meanwhile keeps them), each
 *    record as a deletion in the history, each batch audited.
 *
 * No lock or transaction is held while the catalog is asked.
 * @returns undefined when today's check was done already or it was stopped.
 */
export async function checkDepartedEntities(
  deps: DepartedRecordsDeps,
  days: number,
  now: Date,
  signal?: AbortSignal,
): Promise<DepartedCheck | undefined> {
  const { store } = deps;
  const limits = { ...LIMITS, ...deps.limits };
  const day = now.toISOString().slice(0, 10);
  const state = (await store.getState<CheckState>(DEPARTED_CHECK_STATE)) ?? {
    after: '',
  };
  if (state.day === day) return undefined;
  const result: DepartedCheck = {
    marked: 0,
    returned: await store.departures.unmarkScored(),
    purged: 0,
    records: {},
  };

  // From where yesterday's scan stopped, round to it again at most.
  const start = state.after;
  let after = start;
  let wrapped = start === '';
  let asked = 0;
  while (asked < limits.maxAskedPerDay) {
    if (signal?.aborted) {
      await store.setState(DEPARTED_CHECK_STATE, { ...state, after });
      return undefined;
    }
    const refs = await store.departures.recordRefsAfter(
      after,
      limits.scanBatch,
    );
    const candidates = await store.departures.unscoredAndUnmarked(refs);
    for (const part of chunks(candidates, limits.catalogBatch)) {
      const present = await inCatalog(deps, part);
      const gone = part.filter(ref => !present.has(ref));
      await store.departures.markDeparted(gone, now.toISOString());
      result.marked += gone.length;
      asked += part.length;
    }
    if (refs.length < limits.scanBatch) {
      // The end: the scan goes on from the first ref.
      after = '';
      if (wrapped) break;
      wrapped = true;
      continue;
    }
    after = refs[refs.length - 1];
    if (wrapped && start && after >= start) break;
  }

  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  for (let i = 0; i < limits.maxPurgeBatches; i++) {
    if (signal?.aborted) break;
    const due = await store.departures.departedBy(cutoff, limits.catalogBatch);
    if (!due.length) break;
    const present = await inCatalog(deps, due);
    const back = due.filter(ref => present.has(ref));
    await store.departures.unmarkDeparted(back);
    result.returned += back.length;
    const gone = due.filter(ref => !present.has(ref));
    if (gone.length) await purge(deps, gone, result);
    if (due.length < limits.catalogBatch) break;
  }

  await store.setState(DEPARTED_CHECK_STATE, { day, after });
  return result;
}

/** Deletes the records of `refs` in one audited transaction. */
async function purge(
  deps: DepartedRecordsDeps,
  refs: string[],
  result: DepartedCheck,
) {
  const { store, auditor } = deps;
  const event = await auditor?.createEvent({
    eventId: 'departed-records-purge',
    severityLevel: 'medium',
    meta: { entityRefs: refs },
  });
  try {
    const done = await store.transaction(async tx => {
      await store.lockEntities(tx, refs);
      return store.departures.purgeDeparted(tx, refs, PURGE_ACTOR);
    });
    result.purged += done.purged.length;
    result.returned += done.back.length;
    for (const [table, n] of Object.entries(done.records)) {
      result.records[table] = (result.records[table] ?? 0) + n;
    }
    await event?.success({
      meta: { purged: done.purged, back: done.back, records: done.records },
    });
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}

/** The refs of `refs` the catalog has. */
async function inCatalog(
  deps: DepartedRecordsDeps,
  refs: string[],
): Promise<Set<string>> {
  const { items } = await deps.catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials: await deps.credentials() },
  );
  // An answer of another shape must not read as "all gone".
  if (items.length !== refs.length) {
    throw new Error(
      `The catalog answered ${items.length} items for ${refs.length} refs`,
    );
  }
  return new Set(refs.filter((_, i) => items[i]));
}

/**
 * The full run's retention step for departed entities: the day's check,
 * logged when it did something; a failure is logged and left to the next
 * run (nothing is half-deleted: each purge is one transaction).
 */
export async function runDepartedCheck(
  deps: DepartedRecordsDeps,
  days: number,
  now: Date,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const check = await checkDepartedEntities(deps, days, now, signal);
    if (check && check.marked + check.returned + check.purged > 0) {
      deps.logger.info(describeDepartedCheck(check));
    }
  } catch (error) {
    deps.logger.warn(
      `Readiness could not check for departed entities: ${error}`,
    );
  }
}

/** One log line of what a daily check did. */
function describeDepartedCheck(check: DepartedCheck): string {
  const records = Object.entries(check.records)
    .filter(([, n]) => n > 0)
    .map(
      ([table, n]) =>
        `${n} ${table.replace('readiness_', '').replace('_', ' ')}`,
    );
  return `Readiness retention: ${
    check.marked
  } entities with records found gone from the catalog, ${
    check.returned
  } back; deleted the records of ${
    check.purged
  } entities gone for readiness.retention.departedDays (${
    records.join(', ') || 'none'
  })`;
}
