import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  EntityScorecard,
  historyQuerySchema,
  HistoryResponse,
  readinessScorecardReadPermission,
  ScorecardResponse,
  scorecardReadQuerySchema,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import express, { Request, Response } from 'express';
import { isCatalogRefusal, RouteContext } from './RouteContext';
import {
  confirmedAt,
  confirmedBy,
  detailedScorecard,
  detailOfUnchanged,
  detailKept,
  prefetchDetailInputs,
  recomputedScorecard,
} from '../scorecardDetail';
import { LAST_RUN_STATE, LastRunState } from '../ReadinessComputation';
import {
  entityRefFromParams,
  parseInput,
  pathRefAsGiven,
  readJsonBody,
} from './parse';
import { sendJsonParts } from './storedJson';
import { maySeeSystem, withoutSystemRecords } from './systemDetail';
import { CatalogReadScope } from './catalogReadScope';
import {
  keptScorecardJson,
  scorecardJsonOf,
  StoredScorecard,
} from '../../database/ReadinessStore';
import { daysAgo } from './days';
import {
  entityWriteAudit,
  EntityWriteCall,
  EntityWriteSpec,
  entityWriteSpecs,
  runEntityWrite,
} from './entityWrites';

/** One entity's scorecard and history, and the owner's writes to its answers and roles. */
export function addEntityRoutes(router: express.Router, ctx: RouteContext) {
  const { store } = ctx;

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // A read with an etag needs the catalog's read decision too: asked for
    // beside this one (each may be a request to the permission backend),
    // and used only once the caller may read scorecards.
    const scope =
      req.query.etag === undefined ? undefined : ctx.readScope(credentials);
    scope?.catch(() => {});
    await ctx.authorizeCredentials(
      credentials,
      readinessScorecardReadPermission,
    );
    const entityRef = entityRefFromParams(req.params);
    const { etag } = parseInput(scorecardReadQuerySchema, req.query, 'query');
    const reply = await scorecardReply(ctx, entityRef, credentials, {
      etag,
      scope,
    });
    if ('json' in reply) {
      await sendJsonParts(res, [reply.json], { encoded: ctx.encoded });
    } else res.json(reply.response);
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const entityRef = entityRefFromParams(req.params);
    const query = parseInput(historyQuerySchema, req.query, 'query');
    // Only for callers who may read the entity in the catalog.
    await ctx.loadEntity(entityRef, credentials);
    const body: HistoryResponse = {
      changes: await store.getHistory(entityRef, query.limit),
      snapshots: await store.getSnapshots(
        entityRef,
        'entity',
        daysAgo(query.days),
      ),
    };
    res.json(body);
  });

  /** A REST write to one entity's answers or roles; see {@link runEntityWrite}. */
  function entityWrite(spec: EntityWriteSpec<any, any>) {
    return async (req: Request, res: Response) => {
      const id = req.params.checkId ?? req.params.roleId;
      const body = await ctx.auditedEntityWrite(
        req,
        entityWriteAudit(spec, { entityRef: pathRefAsGiven(req.params), id }),
        () => entityRefFromParams(req.params),
        (credentials, entityRef, audit) => {
          const call: EntityWriteCall = {
            entityRef,
            id,
            input: () => readJsonBody(req, res, 'entity'),
            ifMatch: req.header('if-match'),
            via: 'rest',
          };
          return runEntityWrite(ctx, spec, call, credentials, audit);
        },
      );
      res.json(body);
    };
  }

  const specs = entityWriteSpecs(ctx);
  const answerPath = '/entities/:kind/:namespace/:name/answers/:checkId';
  const rolePath = '/entities/:kind/:namespace/:name/roles/:roleId';
  router.put(answerPath, entityWrite(specs.putAnswer));
  router.delete(answerPath, entityWrite(specs.deleteAnswer));
  router.post(`${answerPath}/review`, entityWrite(specs.reviewAnswer));
  router.put(rolePath, entityWrite(specs.putRole));
  router.delete(rolePath, entityWrite(specs.deleteRole));
}

/**
 * A scorecard read's answer: the response, or its JSON text when the
 * scorecard is a kept detail, which is sent as stored, never parsed.
 */
export type ScorecardReply = { response: ScorecardResponse } | { json: string };

/** A reply of a scorecard's JSON text. */
const replyOf = (scorecard: string, stale: boolean): ScorecardReply => ({
  json: `{"scorecard":${scorecard},"stale":${stale}}`,
});

/** The answer of a kept detail, confirmed by the last run. */
function keptReply(
  stored: StoredScorecard,
  lastRun: LastRunState | undefined,
  stale: boolean,
): ScorecardReply | undefined {
  const scorecard = keptScorecardJson(
    stored,
    confirmedAt(stored.computedAt, lastRun),
  );
  return scorecard === undefined ? undefined : replyOf(scorecard, stale);
}

/**
 * The answer of a scorecard just built, confirmed by the last run: the
 * text its kept detail will be read as (see scorecardJsonOf).
 */
const builtReply = (
  scorecard: EntityScorecard,
  lastRun: LastRunState | undefined,
) => replyOf(scorecardJsonOf(confirmedBy(scorecard, lastRun)), false);

/** An entity's scorecard as {@link scorecardReply} answers, parsed. */
export async function readScorecard(
  ctx: RouteContext,
  entityRef: string,
  credentials: BackstageCredentials,
  options: { etag?: string } = {},
): Promise<ScorecardResponse> {
  const reply = await scorecardReply(ctx, entityRef, credentials, options);
  return 'json' in reply ? JSON.parse(reply.json) : reply.response;
}

/**
 * An entity's scorecard for a caller allowed to read scorecards: the kept
 * detail when the entity is unchanged in the catalog, else scored again; the
 * stored one, marked stale, while the catalog cannot be reached, to a caller
 * the catalog's read decision lets read every entity (for another, nothing
 * says this one is readable: 503). The entity is read with the caller's
 * credentials, so catalog read permissions apply.
 *
 * A caller the catalog lets read the entity but not its System gets the
 * scorecard without the System's own records (see systemDetail).
 *
 * `etag` is the entity's etag as the caller read it from the catalog. When
 * the catalog lets the caller read every entity and the kept detail was
 * computed from that etag, the catalog is not asked again: the caller has
 * just read the entity, and asking would only repeat that answer. Without a
 * kept detail, the body to build one from is read with what scoring looks
 * up, in one request with the backend's credentials (see
 * detailOfUnchanged), rather than for the caller as well. `scope`
 * is that decision when the caller asked for it already.
 */
export async function scorecardReply(
  ctx: RouteContext,
  entityRef: string,
  credentials: BackstageCredentials,
  options: { etag?: string; scope?: Promise<CatalogReadScope> } = {},
): Promise<ScorecardReply> {
  const { store, engine, logger } = ctx;
  // Read while the catalog answers, in one query (once a detail of the
  // entity being kept is written); served only once the catalog has given
  // the entity to the caller.
  const kept = detailKept(store, entityRef).then(() =>
    store.getScorecardWithState<LastRunState>(entityRef, LAST_RUN_STATE),
  );
  kept.catch(() => {}); // awaited below, unless the catalog refuses first
  if (options.etag) {
    const [scope, { scorecard: stored, state }] = await Promise.all([
      options.scope ?? ctx.readScope(credentials),
      kept,
    ]);
    // What the catalog would answer the caller for every entity.
    if (scope === 'none') {
      throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
    }
    const unchanged = scope === 'all' && stored?.entityEtag === options.etag;
    const reply = unchanged && keptReply(stored!, state, false);
    if (reply) return reply;
    // No detail kept yet: the body it is built from comes with the lookups.
    const built =
      unchanged && !stored!.detailJson
        ? await detailOfUnchanged(ctx, stored!)
        : undefined;
    if (built) return builtReply(built, state);
  }
  // A detail to build needs the stored inputs of the entity and its System
  // (the stored scorecard names it): asked for while the catalog answers too.
  const prefetched = kept.then(({ scorecard: stored }) =>
    stored && !stored.detailJson
      ? prefetchDetailInputs(ctx, stored)
      : undefined,
  );
  prefetched.catch(() => {});
  // Whether the caller may read the System the stored scorecard names:
  // asked while the catalog reads the entity too (see systemDetail).
  const knownScope = options.scope ?? Promise.resolve(undefined);
  const seesStoredSystem = kept.then(async ({ scorecard }) => {
    const ref = scorecard?.member.system;
    return !ref || maySeeSystem(ctx, credentials, ref, await knownScope);
  });
  seesStoredSystem.catch(() => {});
  let entity: Entity | undefined;
  try {
    entity = await ctx.entityFor(entityRef, credentials);
  } catch (error) {
    // A refusal is the caller's answer; only an unreachable catalog falls back.
    if (isCatalogRefusal(error)) throw error;
    // Without the catalog, only a caller it lets read every entity may be
    // given one: for another, nothing says this one is readable.
    const scope = await (options.scope ?? ctx.readScope(credentials));
    if (scope === 'none') {
      throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
    }
    // Only a kept detail can be served: building one needs the catalog.
    const { scorecard: stored, state } = await kept.catch(() => ({
      scorecard: undefined,
      state: undefined,
    }));
    const reply = scope === 'all' && stored && keptReply(stored, state, true);
    if (!reply) {
      throw new ServiceUnavailableError(
        `The catalog cannot be reached: ${error}`,
      );
    }
    logger.warn(
      `Catalog unreachable, serving stored scorecard of ${entityRef}: ${error}`,
    );
    return reply;
  }
  if (!entity) {
    throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
  }
  if (!engine.appliesTo(entity.kind)) {
    throw new NotFoundError(
      `No readiness checks apply to ${entity.kind} entities`,
    );
  }
  const { scorecard: stored, state } = await kept;
  const systemRef = systemRefOf(entity);
  const seesSystem =
    !systemRef ||
    (systemRef === stored?.member.system
      ? seesStoredSystem
      : maySeeSystem(ctx, credentials, systemRef, await knownScope));
  const current =
    stored && entity.metadata.etag && stored.entityEtag === entity.metadata.etag
      ? stored
      : undefined;
  const reply = current && keptReply(current, state, false);
  if (reply) return shownTo(reply, await seesSystem);
  const scorecard = current
    ? await detailedScorecard(ctx, entity, current, await prefetched)
    : // New or changed in the catalog since the last computation.
      await recomputedScorecard(ctx, entity);
  return shownTo(builtReply(scorecard, state), await seesSystem);
}

/** The reply as a caller sees it who may, or may not, read the entity's System. */
function shownTo(reply: ScorecardReply, seesSystem: boolean): ScorecardReply {
  if (seesSystem) return reply;
  const { scorecard, stale }: ScorecardResponse =
    'json' in reply ? JSON.parse(reply.json) : reply.response;
  return { response: { scorecard: withoutSystemRecords(scorecard), stale } };
}
