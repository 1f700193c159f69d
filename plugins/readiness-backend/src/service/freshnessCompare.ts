import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import type { CatalogFactsStore } from '../database/CatalogFactsStore';
import { ReadinessStore } from '../database/ReadinessStore';
import { ETAG_FIELDS } from './catalogLookup';
import { partition } from './freshnessPassState';
import { kindCountsOf, kindPages } from './kindStreams';

/** What the pass asks of an entity to learn that it exists, and under which ref. */
const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];
/**
 * The kind the pass does not read: a user joining or leaving a group
 * changes the group, which it reads (see compareWithStored).
 */
const UNWATCHED_KIND = 'user';

/** What comparing the catalog with the stored etags reads. */
export interface CompareDeps {
  engine: ReadinessEngine;
  store: CatalogFactsStore & Pick<ReadinessStore, 'countScorecards'>;
  catalog: CatalogService;
  logger: LoggerService;
}

/**
 * Streams the refs and etags of every kind but the users and compares
 * each page with the etags stored for its refs. A user who joins or
 * leaves a group changes the group's members, which the group's facts
 * hold; one in no group is seen by the next full run, which looks users
 * up by ref.
 *
 * What left the catalog is what was stored but not streamed: counted
 * before the stream, and looked for ({@link goneFacts}) only when the
 * counts differ. A row stored meanwhile can hide a departure for a pass;
 * the next one sees it.
 */
export async function compareWithStored(
  deps: CompareDeps,
  credentials: BackstageCredentials,
  pageSize: number,
) {
  const { store, catalog, engine } = deps;
  // The catalog's kinds are asked for while the stored rows are counted.
  const [scoredCount, recordedCount, { facets }] = await Promise.all([
    store.countScorecards(),
    store.countCatalogFacts(),
    catalog.getEntityFacets({ facets: ['kind'] }, { credentials }),
  ]);
  const toScore = new Set<string>();
  const toCheck = new Set<string>();
  const kinds = kindCountsOf(facets.kind ?? []).filter(
    ({ kind }) => kind !== UNWATCHED_KIND,
  );
  const seen = { entities: 0, scored: 0, recorded: 0 };
  const comparePage = async (page: Entity[]) => {
    const refs = page.map(entityRefOf);
    const [scored, recorded] = await Promise.all([
      store.getScorecardEtags(refs),
      store.getCatalogFactEtags(refs),
    ]);
    // A page that repeats an entity counts it once.
    const counted = new Set<string>();
    page.forEach((entity, i) => {
      const ref = refs[i];
      if (counted.has(ref)) return;
      counted.add(ref);
      const etag = entity.metadata.etag ?? null;
      if (engine.appliesTo(entity.kind)) {
        if (scored.has(ref)) seen.scored++;
        if (scored.get(ref) !== etag) toScore.add(ref);
      }
      if (recorded.has(ref)) seen.recorded++;
      if (recorded.get(ref) !== etag) toCheck.add(ref);
    });
    seen.entities += counted.size;
  };
  // An empty catalog (or one of users alone) has no stream.
  const pages = kindPages(catalog, { fields: ETAG_FIELDS, pageSize }, kinds, {
    credentials,
  });
  // A page's stored etags are looked up while the next page is read.
  let comparing: Promise<void> = Promise.resolve();
  try {
    for await (const page of pages) {
      await comparing;
      comparing = comparePage(page);
      // Thrown by the await above or below, not left unhandled meanwhile.
      comparing.catch(() => undefined);
    }
  } finally {
    // A stream that fails leaves no lookup running after the pass.
    await comparing.catch(() => undefined);
  }
  await comparing;
  // Only the pass records facts (one pass at a time): their count holds
  // still while it streams.
  const missing = recordedCount - seen.recorded;
  const { goneRecorded, unwatched } =
    missing > 0
      ? await goneFacts(deps, credentials, pageSize, missing)
      : { goneRecorded: [], unwatched: [] };
  return {
    toScore,
    toCheck,
    goneScored: Math.max(0, scoredCount - seen.scored),
    goneRecorded,
    unwatched,
    entities: seen.entities,
  };
}

/**
 * The recorded entities the catalog no longer has, and the users recorded
 * before users were left out (forgotten without asking for anything):
 * the recorded refs are read a page at a time, and asked of the catalog,
 * until `missing` of them are found. A ref spelled otherwise than the
 * catalog's entity now is (the catalog matches refs whatever their case)
 * is gone too: the entity is recorded again under its own.
 */
async function goneFacts(
  deps: CompareDeps,
  credentials: BackstageCredentials,
  pageSize: number,
  missing: number,
) {
  const goneRecorded: string[] = [];
  const unwatched: string[] = [];
  const found = () => goneRecorded.length + unwatched.length;
  for await (const refs of deps.store.streamCatalogFactRefs(pageSize)) {
    const [users, watched] = partition(
      refs,
      ref => parseEntityRef(ref).kind.toLowerCase() === UNWATCHED_KIND,
    );
    unwatched.push(...users);
    if (watched.length) {
      const { items } = await deps.catalog.getEntitiesByRefs(
        { entityRefs: watched, fields: REF_FIELDS },
        { credentials },
      );
      watched.forEach((ref, i) => {
        const entity = items[i];
        if (!entity || entityRefOf(entity) !== ref) goneRecorded.push(ref);
      });
    }
    if (found() >= missing) break;
  }
  if (found() < missing) {
    deps.logger.warn(
      `Readiness freshness pass: ${
        missing - found()
      } recorded entities were not in the catalog's pages but are in the catalog`,
    );
  }
  return { goneRecorded, unwatched };
}
