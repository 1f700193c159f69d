import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefOf,
  EntityScorecard,
  ReadinessEngine,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore, StoredScorecard } from '../database/ReadinessStore';
import { AlongsideRead, indexRefsWith, Lookups } from './catalogIndexReads';
import { withEntityFields } from './catalogLookup';
import { bodyRefsOf, lookupsOf } from './inputFingerprint';
import { ReadinessComputation } from './ReadinessComputation';
import { isStoredScorecard, toScorecardRow } from './scorecardRow';
import { storedInputsOf } from './scoringInputs';
import { CompletionOf, completedAtOf } from './lastRunState';

/*
 * Why the detail is built on read. A full run stores, per entity, only what
 * rollups and lists need and each check's status (≤ 2 KB); the detail
 * (answers, evidence, sources, roles, problems: 8–19 KB of JSON) used to be
 * rewritten for every entity by every cold run, though few scorecards are
 * ever opened. When one is, the entity route has just read the entity from
 * the catalog (for the permission check), so the engine scores that one
 * entity again from its stored inputs, with the clock of the stored
 * scorecard. The row's fingerprint (see scorecardRow) tells whether that
 * is the stored scorecard; then the detail is kept for the next reads until
 * the row changes. When it is not — an input moved on since, which the next
 * run would pick up — the entity is recomputed and stored now, as when its
 * catalog etag changed. The stored inputs are read from the record tables
 * the row names alone: a write through the plugin scores the entity again,
 * so a table that held none of its rows then holds none now, unless
 * written behind the plugin's back (then the next full run scores it).
 */

/** What building a scorecard's detail needs. */
export interface ScorecardDetailDeps {
  engine: ReadinessEngine;
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
  computation: ReadinessComputation;
  /** Where a detail that could not be kept is reported. */
  logger?: LoggerService;
}

type StoredInputs = Awaited<ReturnType<typeof storedInputsOf>>;
type ReadLookups = Awaited<ReturnType<typeof indexRefsWith>>;

/** Stored inputs asked for ahead (see readScorecard), for these refs. */
export interface PrefetchedInputs {
  refs: string[];
  inputs: Promise<StoredInputs>;
  /**
   * The catalog lookups, asked for from the refs the entity's body gave
   * when its scorecard was computed: they hold while its etag is `etag`.
   */
  lookups?: { etag: string; read: Promise<ReadLookups> };
}

/** The stored inputs of `refs`: those asked for ahead when they are of the same refs. */
function inputsOf(
  store: ReadinessStore,
  refs: string[],
  prefetched?: PrefetchedInputs,
): Promise<StoredInputs> {
  return prefetched && prefetched.refs.join() === refs.join()
    ? prefetched.inputs
    : storedInputsOf(store, refs);
}

/** The holders of the roles an entity names in its annotations. */
function annotatedHolders(engine: ReadinessEngine, entity: Entity): string[] {
  return [...engine.inheritableFrom(entity).roles.values()].flatMap(
    role => role.holders,
  );
}

/** The holders of the roles stored in the portal for the entity and its System. */
function portalHolders(stored: StoredInputs): string[] {
  return [...stored.roles.values()].flatMap(list =>
    list.flatMap(role => role.holders),
  );
}

/**
 * What scoring an entity looks up in the catalog, read with the backend's
 * credentials: `body` (what its body names: owner and dependencies, and the
 * holders of its annotated roles) in one request with the System (and the
 * entity itself when `entityRef` is given); then the holders the System's
 * annotations name; every holder group with the groups below it. The
 * holders of the portal roles of it and its System join that first request
 * when the stored inputs are at hand, else are read as soon as they
 * arrive, beside it: it need not wait for them.
 */
async function readLookups(
  deps: ScorecardDetailDeps,
  body: Lookups,
  stored: StoredInputs | Promise<StoredInputs>,
  systemRef: string | undefined,
  entityRef?: string,
): Promise<ReadLookups> {
  const { engine, catalog } = deps;
  const holders = new Set(body.holders);
  if (!(stored instanceof Promise)) {
    portalHolders(stored).forEach(h => holders.add(h));
  }
  const alongside: AlongsideRead[] = entityRef ? [{ ref: entityRef }] : [];
  if (systemRef) {
    alongside.push({
      ref: systemRef,
      holdersOf: s => annotatedHolders(engine, s),
    });
  }
  return indexRefsWith(
    catalog,
    await deps.auth.getOwnServiceCredentials(),
    { refs: body.refs, holders },
    alongside,
    stored instanceof Promise ? stored.then(portalHolders) : undefined,
  );
}

/**
 * The stored inputs a detail of this scorecard is built from, and what it
 * looks up in the catalog, asked for now: a read does so while the catalog
 * reads the entity for the caller, instead of after.
 */
export function prefetchDetailInputs(
  deps: ScorecardDetailDeps,
  stored: StoredScorecard,
  options: { withEntity?: boolean } = {},
): PrefetchedInputs {
  const { entityRef, system } = stored.member;
  const refs = system ? [entityRef, system] : [entityRef];
  // Only the tables that held its records when it was scored: the first
  // read of most entities (no portal records) makes none of these queries.
  // Any record written since moved the row on (writes score it again).
  const inputs = storedInputsOf(deps.store, refs, stored.inputRecords);
  const basis = stored.inputBasis;
  const entity = options.withEntity ? entityRef : undefined;
  const lookups = basis && {
    etag: basis.etag,
    read: readLookups(deps, lookupsOf(basis), inputs, system, entity),
  };
  // Unused when the catalog refuses the caller or the entity changed.
  inputs.catch(() => {});
  lookups?.read.catch(() => {});
  return { refs, inputs, ...(lookups ? { lookups } : {}) };
}

/**
 * Scores one entity from what is stored, without writing anything: its
 * answers, roles, results and System as stored now, the catalog facts the
 * engine asks for (read with the backend's own credentials, as a run reads
 * them), at the instant `now`.
 */
export async function scoreStoredInputs(
  deps: ScorecardDetailDeps,
  body: Entity,
  now: Date,
  prefetched?: PrefetchedInputs,
): Promise<EntityScorecard> {
  const { engine, store } = deps;
  // A route reads the entity whole; scoring sees what a full run sees.
  const entity = withEntityFields(body);
  const entityRef = entityRefOf(entity);
  const systemRef = systemRefOf(entity);
  const refs = systemRef ? [entityRef, systemRef] : [entityRef];
  // No transaction is needed: inputs that moved on in between give another
  // fingerprint, and then the entity is recomputed (see detailedScorecard).
  const stored = await inputsOf(store, refs, prefetched);
  // Asked for ahead from the refs of this very body (same etag), or now.
  const ahead =
    prefetched?.refs.join() === refs.join() &&
    prefetched.lookups?.etag === entity.metadata.etag
      ? prefetched.lookups?.read
      : undefined;
  const { index, bodies } = await (ahead ??
    readLookups(
      deps,
      lookupsOf(bodyRefsOf(entity, engine.inheritableFrom(entity))),
      stored,
      systemRef,
    ));
  const system = systemRef ? bodies.get(systemRef) : undefined;
  const inheritable = system
    ? engine.inheritableFrom(
        system,
        stored.answers.get(systemRef!),
        stored.roles.get(systemRef!),
        stored.costs.get(systemRef!),
      )
    : undefined;
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

/** Detail writes in flight, by store and entity ref. */
const detailWrites = new WeakMap<ReadinessStore, Map<string, Promise<void>>>();

/**
 * Keeps a scorecard's detail for the next reads, without making this read
 * wait for the write: a failed write only means the next read builds the
 * detail again.
 */
function keepDetail(
  deps: ScorecardDetailDeps,
  fingerprint: string,
  scorecard: EntityScorecard,
) {
  let writes = detailWrites.get(deps.store);
  if (!writes) detailWrites.set(deps.store, (writes = new Map()));
  const ref = scorecard.entityRef;
  const write: Promise<void> = deps.store
    .putScorecardDetail(fingerprint, scorecard)
    .catch(error =>
      deps.logger?.warn(
        `Could not keep the scorecard detail of ${ref}: ${error}`,
      ),
    )
    .finally(() => {
      if (writes!.get(ref) === write) writes!.delete(ref);
    });
  writes.set(ref, write);
}

/**
 * Settles once the detail of the entity being kept, if any, is written: a
 * read waits for it rather than building the same detail again.
 */
export function detailKept(
  store: ReadinessStore,
  entityRef: string,
): Promise<void> {
  return detailWrites.get(store)?.get(entityRef) ?? Promise.resolve();
}

/**
 * The full scorecard of an entity whose stored scorecard is current for its
 * catalog etag and has no detail kept (a kept one is sent as stored): built
 * again, and kept for the next reads.
 */
export async function detailedScorecard(
  deps: ScorecardDetailDeps,
  entity: Entity,
  stored: StoredScorecard,
  prefetched?: PrefetchedInputs,
): Promise<EntityScorecard> {
  const rebuilt = await scoreStoredInputs(
    deps,
    entity,
    new Date(stored.computedAt),
    prefetched,
  );
  if (isStoredScorecard(rebuilt, entity.metadata.etag, stored)) {
    keepDetail(deps, stored.fingerprint, rebuilt);
    return rebuilt;
  }
  return recomputedScorecard(deps, entity);
}

/**
 * The detail of a stored scorecard whose entity is unchanged in the catalog
 * since (the caller read it with the stored etag), built without reading
 * the entity for the caller: for a caller the catalog lets read every
 * entity, the body is read with the lookups, in their first request, so a
 * first read waits for one catalog request rather than two. Undefined when
 * it cannot be built that way (the body is no longer the stored one, no
 * lookups were stored, the catalog failed): then the read goes on as usual.
 */
export async function detailOfUnchanged(
  deps: ScorecardDetailDeps,
  stored: StoredScorecard,
): Promise<EntityScorecard | undefined> {
  // Without the refs the body gave, nothing is read ahead: the usual read
  // asks for the stored inputs itself.
  if (!stored.inputBasis) return undefined;
  const prefetched = prefetchDetailInputs(deps, stored, { withEntity: true });
  const lookups = await prefetched.lookups?.read.catch(() => undefined);
  const entity = lookups?.bodies.get(stored.member.entityRef);
  if (
    !entity ||
    entity.metadata.etag !== stored.entityEtag ||
    !deps.engine.appliesTo(entity.kind)
  ) {
    return undefined;
  }
  return detailedScorecard(deps, entity, stored, prefetched);
}

/**
 * Recomputes and stores an entity's scorecard, and keeps its detail. A
 * System's parts are left to the freshness pass: a reader does not wait for
 * (nor lock) every part of a large System.
 */
export async function recomputedScorecard(
  deps: ScorecardDetailDeps,
  entity: Entity,
): Promise<EntityScorecard> {
  const { scorecard } = await deps.computation.recompute(entity, undefined, {
    leavePartsToPass: true,
  });
  const { fingerprint } = toScorecardRow(scorecard!, entity.metadata.etag);
  keepDetail(deps, fingerprint, scorecard!);
  return scorecard!;
}

/**
 * An unchanged scorecard was confirmed by the last complete full run (one
 * that lost the catalog half-way may not have read the entity): its time
 * is that run's end when later than the scorecard's.
 */
export function confirmedAt(
  computedAt: string,
  lastRun: CompletionOf | undefined,
): string {
  const completedAt = completedAtOf(lastRun);
  return completedAt && completedAt > computedAt ? completedAt : computedAt;
}

/** The scorecard with its time as confirmed by the last complete full run. */
export function confirmedBy(
  scorecard: EntityScorecard,
  lastRun: CompletionOf | undefined,
): EntityScorecard {
  const computedAt = confirmedAt(scorecard.computedAt, lastRun);
  return computedAt === scorecard.computedAt
    ? scorecard
    : { ...scorecard, computedAt };
}
