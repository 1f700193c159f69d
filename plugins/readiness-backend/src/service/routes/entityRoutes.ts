import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  AnswerWriteResponse,
  answerInputSchema,
  DeleteWriteResponse,
  EntityScorecard,
  historyQuerySchema,
  HistoryResponse,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
  roleInputSchema,
  RoleWriteResponse,
  ScorecardResponse,
  versionBodySchema,
} from '@prodready/plugin-readiness-common';
import express, { Request, Response } from 'express';
import { z } from 'zod';
import { isCatalogRefusal, RouteContext } from './RouteContext';
import { StoreTransaction } from '../../database/ReadinessStore';
import { detailedScorecard, recomputedScorecard } from '../scorecardDetail';
import {
  entityRefFromParams,
  expectedVersion,
  parseInput,
  readJsonBody,
} from './parse';
import { daysAgo } from './days';

/** One entity's scorecard and history, and the owner's writes to its answers and roles. */
export function addEntityRoutes(router: express.Router, ctx: RouteContext) {
  const { catalog, store, engine, computation, logger } = ctx;

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    let entity: Entity | undefined;
    try {
      entity = await catalog.getEntityByRef(entityRef, { credentials });
    } catch (error) {
      // A refusal is the caller's answer; only an unreachable catalog falls back.
      if (isCatalogRefusal(error)) throw error;
      // Only a kept detail can be served: building one needs the catalog.
      const stored = await store.getScorecard(entityRef).catch(() => undefined);
      if (!stored?.scorecard) {
        throw new ServiceUnavailableError(
          `The catalog cannot be reached: ${error}`,
        );
      }
      logger.warn(
        `Catalog unreachable, serving stored scorecard of ${entityRef}: ${error}`,
      );
      const body: ScorecardResponse = {
        scorecard: await ctx.confirmedAt(stored.scorecard),
        stale: true,
      };
      res.json(body);
      return;
    }
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
    }
    if (!engine.appliesTo(entity.kind)) {
      throw new NotFoundError(
        `No readiness checks apply to ${entity.kind} entities`,
      );
    }
    const stored = await store.getScorecard(entityRef);
    const scorecard =
      stored &&
      entity.metadata.etag &&
      stored.entityEtag === entity.metadata.etag
        ? await detailedScorecard(ctx, entity, stored)
        : // New or changed in the catalog since the last computation.
          await recomputedScorecard(ctx, entity);
    const body: ScorecardResponse = {
      scorecard: await ctx.confirmedAt(scorecard),
      stale: false,
    };
    res.json(body);
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
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

  /**
   * A write to one entity's answers or roles: authorises the user on the
   * entity, then reads and validates the body and the version, reads the
   * entity, and runs the write and the recomputation in one transaction.
   */
  function entityWrite<S extends z.ZodType<{ version?: number }>, T>(spec: {
    eventId: string;
    what: string;
    schema: S;
    permission: ResourcePermission;
    meta?: (input: z.output<S>) => JsonObject;
    /** Checks of the target (check or role id, holders); may name holders to look up. */
    validate: (
      entity: Entity,
      id: string,
      input: z.output<S>,
      credentials: BackstageCredentials,
    ) => Promise<string[] | void> | string[] | void;
    write: (
      tx: StoreTransaction,
      target: { entityRef: string; id: string; actor: string; version: number },
      input: z.output<S>,
    ) => Promise<T>;
    respond: (result: T, scorecard: EntityScorecard) => object;
  }) {
    return async (req: Request, res: Response) => {
      const entityRef = entityRefFromParams(req.params);
      const id = req.params.checkId ?? req.params.roleId;
      const body = await ctx.auditedWrite(
        req,
        {
          eventId: spec.eventId,
          meta: {
            entityRef,
            [req.params.checkId ? 'checkId' : 'roleId']: id,
          },
          permission: spec.permission,
          resourceRef: entityRef,
          allow: ['user'],
        },
        async (credentials, audit) => {
          const input = parseInput(
            spec.schema,
            await readJsonBody(req, res, 'entity'),
            spec.what,
          );
          audit.meta = spec.meta?.(input) ?? {};
          const version = expectedVersion(
            req.header('if-match'),
            input.version,
          );
          const entity = await ctx.loadEntity(entityRef, credentials);
          const holders = await spec.validate(entity, id, input, credentials);
          const actor = credentials.principal.userEntityRef;
          const target = { entityRef, id, actor, version };
          const { result, scorecard } = await computation.recompute(
            entity,
            tx => spec.write(tx, target, input),
            holders ?? [],
          );
          return spec.respond(result, scorecard!);
        },
      );
      res.json(body);
    };
  }

  /** Holders must be Users or Groups the catalog knows; a 400 names the others. */
  async function checkHolders(
    holders: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await ctx.fromCatalog(
      catalog.getEntitiesByRefs(
        { entityRefs: holders, fields: ['kind', 'metadata.name'] },
        { credentials },
      ),
    );
    const unknown = holders.filter((_, i) => !items[i]);
    if (unknown.length) {
      throw new InputError(
        `Invalid role assignment: holders: ${unknown.join(', ')} ${
          unknown.length === 1 ? 'is' : 'are'
        } not in the catalog`,
      );
    }
    return holders;
  }

  const answerPath = '/entities/:kind/:namespace/:name/answers/:checkId';
  const rolePath = '/entities/:kind/:namespace/:name/roles/:roleId';
  const answerable = (entity: Entity, checkId: string) =>
    void ctx.answerableCheck(checkId, entity);

  router.put(
    answerPath,
    entityWrite({
      eventId: 'answer-update',
      what: 'answer',
      schema: answerInputSchema,
      permission: readinessAnswerUpdatePermission,
      meta: input => ({ status: input.status }),
      validate: answerable,
      write: (tx, t, { version: _, ...answer }) =>
        store.putAnswer(tx, t.entityRef, t.id, answer, t.actor, t.version),
      respond: (answer, scorecard): AnswerWriteResponse => ({
        answer,
        scorecard,
      }),
    }),
  );

  router.delete(
    answerPath,
    entityWrite({
      eventId: 'answer-delete',
      what: 'request',
      schema: versionBodySchema,
      permission: readinessAnswerUpdatePermission,
      validate: answerable,
      write: (tx, t) =>
        store.deleteAnswer(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (_, scorecard): DeleteWriteResponse => ({ scorecard }),
    }),
  );

  router.post(
    `${answerPath}/review`,
    entityWrite({
      eventId: 'answer-review',
      what: 'review',
      schema: versionBodySchema,
      permission: readinessAnswerReviewPermission,
      validate: answerable,
      write: (tx, t) =>
        store.reviewAnswer(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (answer, scorecard): AnswerWriteResponse => ({
        answer,
        scorecard,
      }),
    }),
  );

  router.put(
    rolePath,
    entityWrite({
      eventId: 'role-update',
      what: 'role assignment',
      schema: roleInputSchema,
      permission: readinessRoleUpdatePermission,
      meta: input => ({ holders: input.holders }),
      validate: (_, roleId, input, credentials) => {
        ctx.knownRole(roleId);
        return checkHolders(input.holders, credentials);
      },
      write: (tx, t, input) =>
        store.putRole(tx, t.entityRef, t.id, input.holders, t.actor, t.version),
      respond: (role, scorecard): RoleWriteResponse => ({ role, scorecard }),
    }),
  );

  router.delete(
    rolePath,
    entityWrite({
      eventId: 'role-delete',
      what: 'request',
      schema: versionBodySchema,
      permission: readinessRoleUpdatePermission,
      validate: (_, roleId) => ctx.knownRole(roleId),
      write: (tx, t) =>
        store.deleteRole(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (_, scorecard): DeleteWriteResponse => ({ scorecard }),
    }),
  );
}
