import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  EntityScorecard,
  ReadinessEngine,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../../database/ReadinessStore';
import { ENTITY_FIELDS, referencedRefs } from '../catalogLookup';
import { indexRefs } from '../catalogIndexReads';
import { inheritablesOf, scoringInputsOf } from '../scoringInputs';
import { holdersOf } from '../refLookups';

/** What scoring a page of entities for notices needs. */
export interface ScorePageDeps {
  engine: ReadinessEngine;
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * Scores a page of catalog entities at `now` from what is stored, and
 * writes nothing. Notices need what the compact stored scorecards leave out
 * (when each answer expires, who holds each role and who has left), and
 * the full scorecard is exactly what the readiness tab the notice links to
 * shows.
 */
export async function scorePage(
  deps: ScorePageDeps,
  refs: string[],
  now: Date,
): Promise<EntityScorecard[]> {
  const { engine, store, catalog } = deps;
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: ENTITY_FIELDS },
    { credentials },
  );
  // Gone from the catalog since the last run: the next run drops them.
  const entities = items.filter(
    (e): e is Entity => e !== undefined && engine.appliesTo(e.kind),
  );
  if (!entities.length) return [];

  const read = new Map(entities.map(e => [entityRefOf(e), e]));
  const systemRefs = [
    ...new Set(entities.map(systemRefOf).filter((r): r is string => !!r)),
  ];
  const unread = systemRefs.filter(r => !read.has(r));
  if (unread.length) {
    const fetched = await catalog.getEntitiesByRefs(
      { entityRefs: unread, fields: ENTITY_FIELDS },
      { credentials },
    );
    for (const e of fetched.items) if (e) read.set(entityRefOf(e), e);
  }
  const systems = systemRefs
    .map(r => read.get(r))
    .filter((e): e is Entity => !!e);

  // What the engine asks of the catalog: owners, dependencies, role holders.
  const scored = [...entities, ...systems];
  const holders = new Set<string>();
  for (const list of (await store.getRoles(scored.map(entityRefOf))).values()) {
    for (const role of list) role.holders.forEach(h => holders.add(h));
  }
  for (const e of scored) {
    for (const role of engine.inheritableFrom(e).roles.values()) {
      role.holders.forEach(h => holders.add(h));
    }
  }
  const refsNamed = scored.flatMap(referencedRefs);
  let index = await indexRefs(catalog, credentials, {
    refs: refsNamed,
    holders,
  });

  const inputs = await store.transaction(async tx =>
    scoringInputsOf(
      store,
      tx,
      entities,
      await inheritablesOf(store, engine, tx, systems),
    ),
  );
  // Holders assigned since the lookup above are not in the index, and would
  // read as gone from the catalog: looked up too (nothing is written).
  const assigned = inputs.flatMap(input => [
    ...holdersOf(input.portalRoles),
    ...holdersOf(input.system?.roles.values()),
  ]);
  if (assigned.some(holder => !holders.has(holder))) {
    assigned.forEach(holder => holders.add(holder));
    index = await indexRefs(catalog, credentials, { refs: refsNamed, holders });
  }
  return inputs.map(input => engine.score(input, { now, catalog: index }));
}
