import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  EntityScorecard,
  ReadinessEngine,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore, StoredScorecard } from '../database/ReadinessStore';
import { indexRefs, referencedRefs } from './catalogLookup';
import { ReadinessComputation } from './ReadinessComputation';
import { toScorecardRow } from './scorecardRow';
import { storedInputsOf } from './scoringInputs';

/*
 * Why the detail is built on read. A full run stores, per entity, only what
 * rollups and lists need and each check's status (≤ 2 KB); the detail
 * (answers, evidence, sources, roles, problems: 8–19 KB of JSON) used to be
 * rewritten for every entity by every cold run, though few scorecards are
 * ever opened. When one is, the entity route has just read the entity from
 * the catalog (for the permission check), so the engine scores that one
 * entity again from its stored inputs, with the clock of the stored
 * scorecard. The fingerprint (a hash of the full scorecard) tells whether
 * that is exactly what the run stored; then the detail is kept for the next
 * reads until the scorecard changes. When it is not — an input moved on
 * since, which the next run would pick up — the entity is recomputed and
 * stored now, as when its catalog etag changed.
 */

/** What building a scorecard's detail needs. */
export interface ScorecardDetailDeps {
  engine: ReadinessEngine;
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
  computation: ReadinessComputation;
}

/**
 * Scores one entity from what is stored, without writing anything: its
 * answers, roles, results and System as stored now, the catalog facts the
 * engine asks for (read with the backend's own credentials, as a run reads
 * them), at the instant `now`.
 */
export async function scoreStoredInputs(
  deps: ScorecardDetailDeps,
  entity: Entity,
  now: Date,
): Promise<EntityScorecard> {
  const { engine, store, catalog } = deps;
  const credentials = await deps.auth.getOwnServiceCredentials();
  const entityRef = entityRefOf(entity);
  const systemRef = systemRefOf(entity);
  // The System and the stored inputs at once, each query on a connection of
  // its own: a read waits for the slowest, not for their sum. No transaction
  // is needed: inputs that moved on in between give another fingerprint,
  // and then the entity is recomputed (see detailedScorecard).
  const [system, stored] = await Promise.all([
    systemRef ? catalog.getEntityByRef(systemRef, { credentials }) : undefined,
    storedInputsOf(store, systemRef ? [entityRef, systemRef] : [entityRef]),
  ]);
  const inheritable = system
    ? engine.inheritableFrom(
        system,
        stored.answers.get(systemRef!),
        stored.roles.get(systemRef!),
        stored.costs.get(systemRef!),
      )
    : undefined;

  // The refs the engine asks about: owner, dependencies, every role holder.
  const lookups = new Set(referencedRefs(entity));
  for (const list of stored.roles.values()) {
    for (const role of list) role.holders.forEach(h => lookups.add(h));
  }
  for (const e of system ? [entity, system] : [entity]) {
    for (const role of engine.inheritableFrom(e).roles.values()) {
      role.holders.forEach(h => lookups.add(h));
    }
  }
  const index = await indexRefs(catalog, credentials, [...lookups]);
  return engine.score(
    {
      entity,
      portalAnswers: stored.answers.get(entityRef),
      portalRoles: stored.roles.get(entityRef),
      automaticResults: stored.results.get(entityRef),
      costTable: stored.costs.get(entityRef),
      system: inheritable,
      exemptions: stored.exemptions.get(entityRef),
    },
    { now, catalog: index },
  );
}

/**
 * The full scorecard of an entity whose stored scorecard is current for its
 * catalog etag: the detail kept from an earlier read, or built again.
 */
export async function detailedScorecard(
  deps: ScorecardDetailDeps,
  entity: Entity,
  stored: StoredScorecard,
): Promise<EntityScorecard> {
  if (stored.scorecard) return stored.scorecard;
  const rebuilt = await scoreStoredInputs(
    deps,
    entity,
    new Date(stored.computedAt),
  );
  const { fingerprint } = toScorecardRow(rebuilt, entity.metadata.etag);
  if (fingerprint === stored.fingerprint) {
    await deps.store.putScorecardDetail(fingerprint, rebuilt);
    return rebuilt;
  }
  return recomputedScorecard(deps, entity);
}

/** Recomputes and stores an entity's scorecard, and keeps its detail. */
export async function recomputedScorecard(
  deps: ScorecardDetailDeps,
  entity: Entity,
): Promise<EntityScorecard> {
  const { scorecard } = await deps.computation.recompute(entity);
  const { fingerprint } = toScorecardRow(scorecard!, entity.metadata.etag);
  await deps.store.putScorecardDetail(fingerprint, scorecard!);
  return scorecard!;
}

/**
 * An unchanged scorecard was confirmed by the last full run: its time is
 * that run's end when later than the scorecard's.
 */
export function confirmedBy(
  scorecard: EntityScorecard,
  lastRun: { finishedAt?: string } | undefined,
): EntityScorecard {
  const finishedAt = lastRun?.finishedAt;
  return finishedAt && finishedAt > scorecard.computedAt
    ? { ...scorecard, computedAt: finishedAt }
    : scorecard;
}
