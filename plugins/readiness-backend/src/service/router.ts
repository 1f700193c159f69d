import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  answerInputSchema,
  EntityScorecard,
  HistoryResponse,
  ReadinessEngine,
  readinessAdminPermission,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  ReadinessExport,
  readinessResultCreatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
  RollupDetailResponse,
  RollupListResponse,
  roleInputSchema,
  ScorecardListResponse,
  ScorecardResponse,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import express, { Request } from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import Router from 'express-promise-router';
import { JsonObject } from '@backstage/types';
import { ReadinessStore } from '../database/ReadinessStore';
import {
  LAST_RUN_STATE,
  LastRunState,
  ReadinessComputation,
} from './ReadinessComputation';
import {
  entityRefFromParams,
  expectedVersion,
  historyQuerySchema,
  parseInput,
  pushResultsSchema,
  rollupDetailQuerySchema,
  rollupListQuerySchema,
  scorecardQuerySchema,
  versionBodySchema,
} from './requestSchemas';
import { importSchema } from './exportSchema';
import { scorecardsCsv } from './csv';

const CATALOG_REFUSALS = [
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'InputError',
];

/** The task id of the scheduled full computation. */
export const COMPUTE_TASK_ID = 'readiness-compute';

export interface RouterOptions {
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  scheduler: SchedulerService;
  store: ReadinessStore;
  engine: ReadinessEngine;
  computation: ReadinessComputation;
}

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);

/** The readiness REST API. Every input is validated; errors go to the standard error middleware. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    auth,
    httpAuth,
    permissions,
    auditor,
    catalog,
    scheduler,
    store,
    engine,
    computation,
  } = options;
  const checks = new Map(engine.model.checks.map(c => [c.id, c]));
  const roles = new Map(engine.model.roles.map(r => [r.id, r]));

  const router = Router();
  router.use('/import', express.json({ limit: '50mb' }));
  router.use(express.json({ limit: '64kb' }));

  async function authorize(
    req: Request,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name}${
          resourceRef ? ` on ${resourceRef}` : ''
        }`,
      );
    }
    return credentials;
  }

  /** A write: needs a signed-in user; audited whatever its outcome. */
  async function userWrite<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    permission: ResourcePermission | BasicPermission,
    resourceRef: string | undefined,
    fn: (
      user: BackstageUserPrincipal,
      credentials: BackstageCredentials,
    ) => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      await authorize(req, permission, resourceRef);
      const result = await fn(credentials.principal, credentials);
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** A catalog call; a catalog that cannot be reached is a 503, not a 500. */
  async function fromCatalog<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      // A refusal is the caller's answer; anything else means the catalog is away.
      if (isError(error) && CATALOG_REFUSALS.includes(error.name)) throw error;
      throw new ServiceUnavailableError(
        `The catalog cannot be reached: ${error}`,
      );
    }
  }

  /** The entity, read with the caller's credentials so catalog read permissions apply. */
  async function loadEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await fromCatalog(
      catalog.getEntityByRef(entityRef, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
    }
    if (!engine.appliesTo(entity.kind)) {
      throw new NotFoundError(
        `No readiness checks apply to ${entity.kind} entities`,
      );
    }
    return entity;
  }

  function checkFor(checkId: string, entity: Entity) {
    const check = checks.get(checkId);
    if (!check) {
      throw new NotFoundError(
        `Check '${checkId}' is not in the readiness model`,
      );
    }
    if (check.scoredBy === 'role-health') {
      throw new InputError(
        `Check '${checkId}' is scored from role health and cannot be answered; assign roles instead`,
      );
    }
    const kind = entity.kind.toLowerCase();
    if (!check.appliesTo.includes(kind)) {
      throw new InputError(
        `Check '${checkId}' does not apply to ${kind} entities`,
      );
    }
    return check;
  }

  function roleFor(roleId: string) {
    if (!roles.has(roleId)) {
      throw new NotFoundError(`Role '${roleId}' is not in the readiness model`);
    }
  }

  async function stale(): Promise<{ stale: boolean; computedAt?: string }> {
    const state = await store.getState<LastRunState>(LAST_RUN_STATE);
    return {
      stale: Boolean(state?.catalogUnreachableSince),
      computedAt: state?.finishedAt,
    };
  }

  /** An unchanged scorecard was confirmed by the last full computation: say when. */
  async function confirmedAt(
    scorecard: EntityScorecard,
  ): Promise<EntityScorecard> {
    const { computedAt } = await stale();
    return computedAt && computedAt > scorecard.computedAt
      ? { ...scorecard, computedAt }
      : scorecard;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/model', async (req, res) => {
    await authorize(req, readinessScorecardReadPermission);
    res.json(engine.model);
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    const credentials = await authorize(req, readinessScorecardReadPermission);
    let entity: Entity | undefined;
    try {
      entity = await catalog.getEntityByRef(entityRef, { credentials });
    } catch (error) {
      const stored = await store.getScorecard(entityRef).catch(() => undefined);
      if (stored) {
        options.logger.warn(
          `Catalog unreachable, serving stored scorecard of ${entityRef}: ${error}`,
        );
        const body: ScorecardResponse = {
          scorecard: await confirmedAt(stored.scorecard),
          stale: true,
        };
        res.json(body);
        return;
      }
      throw new ServiceUnavailableError(
        `The catalog cannot be reached: ${error}`,
      );
    }
    if (!entity)
      throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
    if (!engine.appliesTo(entity.kind)) {
      throw new NotFoundError(
        `No readiness checks apply to ${entity.kind} entities`,
      );
    }
    const stored = await store.getScorecard(entityRef);
    let scorecard = stored?.scorecard;
    if (
      !stored ||
      !entity.metadata.etag ||
      stored.entityEtag !== entity.metadata.etag
    ) {
      // New or changed in the catalog since the last computation.
      scorecard = (await computation.recompute(entity)).scorecard;
    }
    const body: ScorecardResponse = {
      scorecard: await confirmedAt(scorecard!),
      stale: false,
    };
    res.json(body);
  });

  /**
   * A write to one entity's answers or roles: validates the body and the
   * version, then (audited) checks the user's permission on the entity,
   * reads the entity, and runs the write and the recomputation in one
   * transaction.
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
      tx: Knex.Transaction,
      target: { entityRef: string; id: string; actor: string; version: number },
      input: z.output<S>,
    ) => Promise<T>;
    respond: (result: T, scorecard?: EntityScorecard) => object;
  }) {
    return async (req: Request, res: express.Response) => {
      const entityRef = entityRefFromParams(req.params);
      const id = req.params.checkId ?? req.params.roleId;
      const input = parseInput(spec.schema, req.body ?? {}, spec.what);
      const version = expectedVersion(req.header('if-match'), input.version);
      const body = await userWrite(
        req,
        spec.eventId,
        {
          entityRef,
          [req.params.checkId ? 'checkId' : 'roleId']: id,
          ...spec.meta?.(input),
        },
        spec.permission,
        entityRef,
        async (user, credentials) => {
          const entity = await loadEntity(entityRef, credentials);
          const holders = await spec.validate(entity, id, input, credentials);
          const target = { entityRef, id, actor: user.userEntityRef, version };
          const { result, scorecard } = await computation.recompute(
            entity,
            tx => spec.write(tx, target, input),
            holders ?? [],
          );
          return spec.respond(result, scorecard);
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
    const { items } = await fromCatalog(
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

  router.put(
    answerPath,
    entityWrite({
      eventId: 'answer-update',
      what: 'answer',
      schema: answerInputSchema,
      permission: readinessAnswerUpdatePermission,
      meta: input => ({ status: input.status }),
      validate: (entity, checkId) => void checkFor(checkId, entity),
      write: (tx, t, { version: _, ...answer }) =>
        store.putAnswer(tx, t.entityRef, t.id, answer, t.actor, t.version),
      respond: (answer, scorecard) => ({ answer, scorecard }),
    }),
  );

  router.delete(
    answerPath,
    entityWrite({
      eventId: 'answer-delete',
      what: 'request',
      schema: versionBodySchema,
      permission: readinessAnswerUpdatePermission,
      validate: (entity, checkId) => void checkFor(checkId, entity),
      write: (tx, t) =>
        store.deleteAnswer(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (_, scorecard) => ({ scorecard }),
    }),
  );

  router.post(
    `${answerPath}/review`,
    entityWrite({
      eventId: 'answer-review',
      what: 'review',
      schema: versionBodySchema,
      permission: readinessAnswerReviewPermission,
      validate: (entity, checkId) => void checkFor(checkId, entity),
      write: (tx, t) =>
        store.reviewAnswer(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (answer, scorecard) => ({ answer, scorecard }),
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
        roleFor(roleId);
        return checkHolders(input.holders, credentials);
      },
      write: (tx, t, input) =>
        store.putRole(tx, t.entityRef, t.id, input.holders, t.actor, t.version),
      respond: (role, scorecard) => ({ role, scorecard }),
    }),
  );

  router.delete(
    rolePath,
    entityWrite({
      eventId: 'role-delete',
      what: 'request',
      schema: versionBodySchema,
      permission: readinessRoleUpdatePermission,
      validate: (_, roleId) => roleFor(roleId),
      write: (tx, t) =>
        store.deleteRole(tx, t.entityRef, t.id, t.actor, t.version),
      respond: (_, scorecard) => ({ scorecard }),
    }),
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    const query = parseInput(historyQuerySchema, req.query, 'query');
    await authorize(req, readinessScorecardReadPermission);
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

  router.get('/scorecards', async (req, res) => {
    const query = parseInput(scorecardQuerySchema, req.query, 'query');
    await authorize(req, readinessScorecardReadPermission);
    const { q, owner, ...rest } = query;
    const body: ScorecardListResponse = await store.listScorecards({
      ...rest,
      owners: owner,
      search: q,
    });
    res.json(body);
  });

  router.get('/rollups', async (req, res) => {
    const query = parseInput(rollupListQuerySchema, req.query, 'query');
    await authorize(req, readinessScorecardReadPermission);
    const { by, q, asOf, parent, ...rest } = query;
    let parentRef: string | null | undefined = parent?.toLowerCase();
    if (parentRef === 'none') parentRef = null;
    const listQuery = { ...rest, kind: by, search: q, parent: parentRef };
    let body: RollupListResponse;
    if (asOf) {
      const day = await store.snapshotDayOnOrBefore(asOf);
      const page = day
        ? await store.listRollupsAsOf(day, listQuery)
        : { items: [], totalCount: 0 };
      body = { by, ...page, asOf: day, stale: false };
    } else {
      body = {
        by,
        ...(await store.listRollups(listQuery)),
        ...(await stale()),
      };
    }
    res.json(body);
  });

  router.get('/rollups/:kind/:namespace/:name', async (req, res) => {
    const rollupRef = entityRefFromParams(req.params);
    const query = parseInput(rollupDetailQuerySchema, req.query, 'query');
    await authorize(req, readinessScorecardReadPermission);
    const kind = rollupRef.slice(0, rollupRef.indexOf(':'));
    if (kind !== 'group' && kind !== 'system' && kind !== 'domain') {
      throw new InputError(
        `Invalid entity reference: rollups exist for groups, systems and domains, not ${kind}`,
      );
    }
    const trend = await store.getSnapshots(
      rollupRef,
      kind,
      daysAgo(query.days),
    );
    let body: RollupDetailResponse;
    if (query.asOf) {
      const day = await store.snapshotDayOnOrBefore(query.asOf);
      const rollup = day
        ? await store.getRollupAsOf(day, rollupRef)
        : undefined;
      if (!day || !rollup) {
        throw new NotFoundError(
          `No snapshot of ${rollupRef} on or before ${query.asOf}`,
        );
      }
      const children = rollup.children.length
        ? (
            await store.listRollupsAsOf(day, {
              kind: kind === 'domain' ? 'system' : 'group',
              parent: rollupRef,
              limit: 1000,
              offset: 0,
            })
          ).items
        : [];
      const entities =
        kind === 'group'
          ? await store.listEntitiesAsOf(
              day,
              rollupRef,
              query.limit,
              query.offset,
            )
          : { items: [], totalCount: 0 };
      body = {
        rollup,
        children,
        entities: entities.items.map(
          (e): ScorecardSummary => ({
            entityRef: e.ref,
            kind: e.ref.slice(0, e.ref.indexOf(':')),
            owner: e.owner,
            title: e.title,
            score: e.score,
            level: e.level,
            categories: {},
            gateFailures: 0,
            productionBelowGate: false,
            roleProblems: 0,
            computedAt: day,
          }),
        ),
        entitiesTotal: entities.totalCount,
        trend,
        asOf: day,
        stale: false,
      };
    } else {
      const rollup = (await store.getRollups([rollupRef])).get(rollupRef);
      if (!rollup) {
        throw new NotFoundError(`No rollup of ${rollupRef} has been computed`);
      }
      const children = rollup.children.length
        ? [...(await store.getRollups(rollup.children)).values()]
        : [];
      const filter = {
        group: { owners: [rollupRef] },
        system: { system: rollupRef },
        domain: { domain: rollupRef },
      }[kind];
      const entities = await store.listScorecards({
        ...filter,
        limit: query.limit,
        offset: query.offset,
        sort: 'score',
      });
      body = {
        rollup,
        children,
        entities: entities.items,
        entitiesTotal: entities.totalCount,
        trend,
        ...(await stale()),
      };
    }
    res.json(body);
  });

  router.get('/export', async (req, res) => {
    await authorize(req, readinessAdminPermission);
    const data = await store.exportAll();
    const body: ReadinessExport = {
      format: 'readiness-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      ...data,
    };
    res.json(body);
  });

  router.get('/export.csv', async (req, res) => {
    await authorize(req, readinessScorecardReadPermission);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="readiness-scores.csv"',
    );
    const categoryIds = engine.model.categories.map(c => c.id);
    for await (const chunk of scorecardsCsv(
      store.streamScorecards(1000),
      categoryIds,
    )) {
      res.write(chunk);
    }
    res.end();
  });

  router.post('/import', async (req, res) => {
    const data = parseInput(importSchema, req.body, 'import');
    const unknownChecks = [
      ...new Set(
        data.answers.map(a => a.checkId).filter(id => !checks.has(id)),
      ),
    ];
    const unknownRoles = [
      ...new Set(data.roles.map(r => r.roleId).filter(id => !roles.has(id))),
    ];
    if (unknownChecks.length || unknownRoles.length) {
      throw new InputError(
        `Invalid import: ${[
          unknownChecks.length
            ? `answers: unknown checks ${unknownChecks.join(', ')}`
            : '',
          unknownRoles.length
            ? `roles: unknown roles ${unknownRoles.join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      );
    }
    const body = await userWrite(
      req,
      'import',
      { answers: data.answers.length, roles: data.roles.length },
      readinessAdminPermission,
      undefined,
      async user =>
        store.transaction(tx =>
          store.importAll(
            tx,
            {
              answers: data.answers.map(a => ({
                ...a,
                source: 'portal' as const,
              })),
              roles: data.roles.map(r => ({ ...r, source: 'portal' as const })),
            },
            user.userEntityRef,
          ),
        ),
    );
    // Scores follow from the restored answers at the next computation, started now.
    await scheduler.triggerTask(COMPUTE_TASK_ID).catch(() => undefined);
    res.json(body);
  });

  router.post('/results', async (req, res) => {
    const input = parseInput(pushResultsSchema, req.body, 'results');
    const event = await auditor.createEvent({
      eventId: 'results-push',
      request: req,
      severityLevel: 'medium',
      meta: { count: input.results.length },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      await authorize(req, readinessResultCreatePermission);
      const unknown = input.results
        .filter(r => !checks.has(r.checkId))
        .map(r => r.checkId);
      if (unknown.length) {
        throw new InputError(
          `Invalid results: checkId: unknown checks ${[
            ...new Set(unknown),
          ].join(', ')}`,
        );
      }
      const byEntity = new Map<string, typeof input.results>();
      for (const r of input.results) {
        byEntity.set(r.entityRef, [...(byEntity.get(r.entityRef) ?? []), r]);
      }
      const refs = [...byEntity.keys()];
      const { items } = await fromCatalog(
        // The plugin's own credentials: a pipeline's token is typically
        // restricted to this plugin, and the push is already authorised.
        catalog.getEntitiesByRefs(
          { entityRefs: refs },
          { credentials: await auth.getOwnServiceCredentials() },
        ),
      );
      const missing = refs.filter((_, i) => !items[i]);
      if (missing.length) {
        throw new InputError(
          `Invalid results: entityRef: ${missing.join(
            ', ',
          )} not in the catalog`,
        );
      }
      const actor = credentials.principal.subject;
      for (const [i, entity] of items.entries()) {
        const results = byEntity.get(refs[i])!;
        for (const r of results) checkFor(r.checkId, entity!);
        await computation.recompute(entity!, tx =>
          store.putResults(tx, results, actor),
        );
      }
      await event.success();
      res.status(202).json({ accepted: input.results.length });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/compute', async (req, res) => {
    await userWrite(
      req,
      'compute',
      {},
      readinessAdminPermission,
      undefined,
      async () => scheduler.triggerTask(COMPUTE_TASK_ID),
    );
    res.status(202).json({ triggered: true });
  });

  return router;
}
