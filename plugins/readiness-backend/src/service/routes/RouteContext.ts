import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  ExemptionsConfig,
  ReadinessCheck,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { Request } from 'express';
import { ReadinessStore } from '../../database/ReadinessStore';
import {
  LAST_RUN_STATE,
  LastRunState,
  ReadinessComputation,
} from '../ReadinessComputation';
import { ResultPublishers } from '../resultPublishers';
import type { CampaignService } from '../campaigns/CampaignService';
import { ReadinessMetrics, secondsSince } from '../readinessMetrics';
import { CatalogReadScope, catalogReadScope } from './catalogReadScope';

/** What the route modules are built from. */
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
  /** Which services may push results, and for which checks; all when absent. */
  publishers?: ResultPublishers;
  /** Campaigns and their progress; the campaign routes answer 503 without. */
  campaigns?: CampaignService;
  /** Where write latencies and answers written are counted; nowhere when absent. */
  metrics?: ReadinessMetrics;
  /** `readiness.exemptions`; maxDays 180 when absent. */
  exemptions?: ExemptionsConfig;
}

/** Catalog errors that are the caller's answer, not an unreachable catalog. */
const CATALOG_REFUSALS = [
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'InputError',
];

/**
 * True when a catalog error is a refusal (the caller may not, or the entity
 * is not there): one of those errors, or an HTTP answer of the catalog in
 * the 4xx range (the catalog client's `ResponseError`) other than a timeout
 * or too many requests, which say the catalog cannot answer now.
 */
export const isCatalogRefusal = (error: unknown) =>
  isError(error) &&
  (CATALOG_REFUSALS.includes(error.name) ||
    (ResponseError.is(error) &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      error.statusCode !== 408 &&
      error.statusCode !== 429));

/** What an audited write is: its event, and what it needs allowed. */
export interface WriteSpec<P extends keyof BackstagePrincipalTypes> {
  eventId: string;
  meta: JsonObject;
  permission: BasicPermission;
  allow: P[];
  severityLevel?: 'medium' | 'high';
}

/** An audited write to one entity, which a resource permission allows. */
export type EntityWriteAuditSpec<P extends keyof BackstagePrincipalTypes> =
  Omit<WriteSpec<P>, 'permission'> & { permission: ResourcePermission };

/** Who made a call, for an audit event that has no request. */
function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/** The task id of the scheduled full computation. */
export const COMPUTE_TASK_ID = 'readiness-compute';

/** An audited write in progress: the route may add to what the event records. */
export interface WriteAudit {
  meta: JsonObject;
}

/**
 * The helpers every route module shares: authorisation, audited writes, and
 * catalog reads made with the caller's credentials.
 */
export function createRouteContext(options: RouterOptions) {
  const { httpAuth, permissions, auditor, catalog, store, engine } = options;
  const metrics = options.metrics ?? ReadinessMetrics.none();
  const checks = new Map(engine.model.checks.map(c => [c.id, c]));
  const roles = new Map(engine.model.roles.map(r => [r.id, r]));

  /**
   * Throws NotAllowedError unless the permission allows these credentials:
   * the one decision the REST routes and the actions both take.
   */
  async function authorizeCredentials(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<void> {
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
  }

  /** The caller's credentials once the permission allows the request. */
  async function authorize<T extends keyof BackstagePrincipalTypes>(
    req: Request,
    permission: BasicPermission,
    allow: T[] = ['user', 'service'] as T[],
  ): Promise<BackstageCredentials<BackstagePrincipalTypes[T]>> {
    const credentials = await httpAuth.credentials(req, { allow });
    await authorizeCredentials(credentials, permission);
    return credentials;
  }

  /**
   * Authorises a write to the entity the caller's input names (a path, an
   * action's input), so the input is checked only once the caller may make
   * this write on some entity: the permission's decision without a resource
   * first (a policy's DENY is a 403 whatever the ref), then `parseRef`
   * (which may throw a 400 naming the field), then the decision on the
   * entity. Returns the entity's ref, and records it in `known` for the
   * audit as soon as it is checked (a refusal on the entity names it too).
   */
  async function authorizeEntityWrite(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    parseRef: () => string,
    known: JsonObject,
  ): Promise<string> {
    const [anywhere] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (anywhere.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    const entityRef = parseRef();
    known.entityRef = entityRef;
    // An unconditional ALLOW holds for every entity: no second decision.
    if (anywhere.result !== AuthorizeResult.ALLOW) {
      await authorizeCredentials(credentials, permission, entityRef);
    }
    return entityRef;
  }

  /**
   * A write, audited and timed whatever its outcome: `authorized` authorises
   * the caller first, then `fn` runs (and reads and validates its input).
   * What `authorized` adds to `known` (the entity ref it checked) and what
   * `fn` adds to `audit.meta` are recorded with the outcome.
   */
  async function audited<T, C>(
    spec: Omit<WriteSpec<any>, 'permission'> & { request?: Request },
    authorized: (known: JsonObject) => Promise<C>,
    fn: (credentials: C, audit: WriteAudit) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const event = await auditor.createEvent({
      eventId: spec.eventId,
      request: spec.request,
      severityLevel: spec.severityLevel ?? 'medium',
      meta: spec.meta,
    });
    const audit: WriteAudit = { meta: {} };
    const known: JsonObject = {};
    try {
      const result = await fn(await authorized(known), audit);
      await event.success({ meta: { ...known, ...audit.meta } });
      metrics.writeFinished(spec.eventId, secondsSince(started), true);
      return result;
    } catch (error) {
      await event.fail({
        meta: { ...known, ...audit.meta },
        error: error as Error,
      });
      metrics.writeFinished(spec.eventId, secondsSince(started), false);
      throw error;
    }
  }

  /** An audited write of a REST request; see {@link audited}. */
  function auditedWrite<T, P extends keyof BackstagePrincipalTypes>(
    req: Request,
    spec: WriteSpec<P>,
    fn: (
      credentials: BackstageCredentials<BackstagePrincipalTypes[P]>,
      audit: WriteAudit,
    ) => Promise<T>,
  ): Promise<T> {
    return audited(
      { ...spec, request: req },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: spec.allow,
        });
        await authorizeCredentials(credentials, spec.permission);
        return credentials;
      },
      fn,
    );
  }

  /**
   * An audited REST write to the entity `parseRef` reads from the request;
   * see {@link audited} and {@link authorizeEntityWrite}.
   */
  function auditedEntityWrite<T, P extends keyof BackstagePrincipalTypes>(
    req: Request,
    spec: EntityWriteAuditSpec<P>,
    parseRef: () => string,
    fn: (
      credentials: BackstageCredentials<BackstagePrincipalTypes[P]>,
      entityRef: string,
      audit: WriteAudit,
    ) => Promise<T>,
  ): Promise<T> {
    let entityRef = '';
    return audited(
      { ...spec, request: req },
      async known => {
        const credentials = await httpAuth.credentials(req, {
          allow: spec.allow,
        });
        entityRef = await authorizeEntityWrite(
          credentials,
          spec.permission,
          parseRef,
          known,
        );
        return credentials;
      },
      (credentials, audit) => fn(credentials, entityRef, audit),
    );
  }

  /**
   * An audited write of an action to the entity `parseRef` reads from its
   * input, made with the caller's credentials and allowed to the same
   * principals as its REST route (see {@link authorizeEntityWrite}). The
   * audit event has no request, so the caller is named in its meta.
   */
  function auditedEntityWriteAs<T>(
    credentials: BackstageCredentials,
    spec: EntityWriteAuditSpec<keyof BackstagePrincipalTypes>,
    parseRef: () => string,
    fn: (entityRef: string, audit: WriteAudit) => Promise<T>,
  ): Promise<T> {
    let entityRef = '';
    return audited(
      {
        ...spec,
        meta: { ...spec.meta, via: 'action', actor: principalOf(credentials) },
      },
      async known => {
        const { type } = credentials.principal as { type: string };
        if (!(spec.allow as string[]).includes(type)) {
          throw new NotAllowedError(
            `This action does not allow '${type}' credentials`,
          );
        }
        entityRef = await authorizeEntityWrite(
          credentials,
          spec.permission,
          parseRef,
          known,
        );
      },
      (_, audit) => fn(entityRef, audit),
    );
  }

  /** A catalog call; a catalog that cannot be reached is a 503, not a 500. */
  async function fromCatalog<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (isCatalogRefusal(error)) throw error;
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

  /** Which catalog entities the caller may read; see {@link catalogReadScope}. */
  function readScope(credentials: BackstageCredentials) {
    return catalogReadScope(permissions, credentials);
  }

  /**
   * Keeps the items whose entity the caller may read in the catalog: per-entity
   * data follows the catalog's read permission (aggregates need not). The
   * catalog is asked only when its decision depends on the entity; `known`
   * is that decision when the caller asked for it already.
   */
  async function readableBy<T extends { entityRef: string }>(
    credentials: BackstageCredentials,
    items: T[],
    known?: CatalogReadScope,
  ): Promise<T[]> {
    if (!items.length) return items;
    const scope = known ?? (await readScope(credentials));
    if (scope === 'all') return items;
    if (scope === 'none') return [];
    const { items: found } = await fromCatalog(
      catalog.getEntitiesByRefs(
        {
          entityRefs: items.map(i => i.entityRef),
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      ),
    );
    return items.filter((_, i) => found[i]);
  }

  /** The check, when it may be answered for this entity. */
  function answerableCheck(checkId: string, entity: Entity): ReadinessCheck {
    const check = checks.get(checkId);
    if (!check) {
      throw new NotFoundError(
        `Check '${checkId.slice(0, 100)}' is not in the readiness model`,
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

  function knownRole(roleId: string) {
    if (!roles.has(roleId)) {
      throw new NotFoundError(
        `Role '${roleId.slice(0, 100)}' is not in the readiness model`,
      );
    }
  }

  async function lastRun() {
    return lastRunOf(await store.getState<LastRunState>(LAST_RUN_STATE));
  }

  return {
    ...options,
    metrics,
    checks,
    roles,
    authorizeCredentials,
    authorize,
    auditedWrite,
    auditedEntityWrite,
    auditedEntityWriteAs,
    fromCatalog,
    loadEntity,
    readScope,
    readableBy,
    answerableCheck,
    knownRole,
    lastRun,
  };
}

/** What a response says of the last full run: when it finished, and whether it could read the catalog. */
export function lastRunOf(state: LastRunState | undefined): {
  stale: boolean;
  computedAt?: string;
} {
  return {
    stale: Boolean(state?.catalogUnreachableSince),
    computedAt: state?.finishedAt,
  };
}

/** The shared helpers of the route modules. */
export type RouteContext = ReturnType<typeof createRouteContext>;
