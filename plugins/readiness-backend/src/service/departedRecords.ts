import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadinessStore } from '../database/ReadinessStore';

/** State key: the day departed entities were last looked for and purged. */
export const DEPARTED_CHECK_STATE = 'departed-entities-checked';

/** Refs asked of the catalog at a time. */
const BATCH = 500;

/** Batches a day, each way: at most 10,000 entities marked and purged a day. */
const MAX_BATCHES = 20;

const DAY_MS = 86_400_000;

/** What a daily check did. */
export interface DepartedCheck {
  /** Entities found gone from the catalog today. */
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
}

/**
 * `readiness.retention.departedDays`: once a day, marks the entities that
 * have records but are gone from the catalog (asking the catalog, not
 * inferring it from a missing scorecard, which a kind no longer scored
 * also lacks), and deletes the records of those marked `days` ago or
 * earlier that are still gone. No lock or transaction is held while the
 * catalog is asked; the deletion spares an entity scored again meanwhile.
 * @returns undefined when today's check was done already.
 */
export async function checkDepartedEntities(
  deps: DepartedRecordsDeps,
  days: number,
  now: Date,
): Promise<DepartedCheck | undefined> {
  const { store } = deps;
  const day = now.toISOString().slice(0, 10);
  if ((await store.getState<string>(DEPARTED_CHECK_STATE)) === day) {
    return undefined;
  }
  const result: DepartedCheck = {
    marked: 0,
    returned: 0,
    purged: 0,
    records: {},
  };

  let after = '';
  for (let i = 0; i < MAX_BATCHES; i++) {
    const refs = await store.departures.unscoredRecordRefs(after, BATCH);
    if (!refs.length) break;
    const present = await inCatalog(deps, refs);
    const gone = refs.filter(ref => !present.has(ref));
    await store.departures.markDeparted(gone, now.toISOString());
    result.marked += gone.length;
    after = refs[refs.length - 1];
    if (refs.length < BATCH) break;
  }

  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  for (let i = 0; i < MAX_BATCHES; i++) {
    const due = await store.departures.departedBy(cutoff, BATCH);
    if (!due.length) break;
    const present = await inCatalog(deps, due);
    const back = due.filter(ref => present.has(ref));
    await store.departures.unmarkDeparted(back);
    result.returned += back.length;
    const gone = due.filter(ref => !present.has(ref));
    const deleted = await store.departures.purgeDeparted(gone);
    result.purged += gone.length;
    for (const [table, n] of Object.entries(deleted)) {
      result.records[table] = (result.records[table] ?? 0) + n;
    }
    if (due.length < BATCH) break;
  }

  await store.setState(DEPARTED_CHECK_STATE, day);
  return result;
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
  return new Set(refs.filter((_, i) => items[i]));
}

/** One log line of what a daily check did. */
export function describeDepartedCheck(check: DepartedCheck): string {
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
