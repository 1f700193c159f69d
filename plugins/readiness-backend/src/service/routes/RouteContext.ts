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
import {
  ExemptionsConfig,
  ReadinessModelConfig,
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
import { ReadinessMetrics } from '../readinessMetrics';
import { CatalogReadScope, catalogReadScope } from './catalogReadScope';
import { createAuditedWrites } from './auditedWrites';
import { EncodedReplies } from './encodedReplies';

/** The memory compressed replies may take, whatever the organisation's size. */
const ENCODED_REPLY_BYTES = 16 * 1024 * 1024;

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
  /** `readiness.backup`: what an import takes; the defaults when absent. */
  backup?: ReadinessModelConfig['backup'];
}

/** What a catalog read asks for when it only needs to know an entity is there and readable. */
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

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

export type {
  EntityWriteAuditSpec,
  WriteAudit,
  WriteSpec,
} from './auditedWrites';

/** The task id of the scheduled full computation. */
export const COMPUTE_TASK_ID = 'readiness-compute';

/** A service whose token is limited by `accessRestrictions`. */
function isRestrictedService(credentials: BackstageCredentials): boolean {
  const principal = credentials.principal as {
    type: string;
    accessRestrictions?: unknown;
  };
  return principal.type === 'service' && !!principal.accessRestrictions;
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

  const writes = createAuditedWrites({
    httpAuth,
    permissions,
    auditor,
    metrics,
    authorizeCredentials,
  });

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

  /** The entity as the caller may read it ({@link entityFor}); 404 when it may not. */
  async function loadEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await fromCatalog(entityFor(entityRef, credentials));
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

  /**
   * A catalog read as the caller may make it. Backstage passes a token with
   * access restrictions (a pipeline's) on to the catalog only if its catalog
   * access is unrestricted; a token whose readiness permissions include
   * `catalog.entity.read` reads as this plugin.
   */
  async function readAs<T>(
    credentials: BackstageCredentials,
    read: (as: BackstageCredentials) => Promise<T>,
    what: string,
  ): Promise<T> {
    if (!isRestrictedService(credentials)) return read(credentials);
    if ((await readScope(credentials)) === 'all') {
      return read(await options.auth.getOwnServiceCredentials());
    }
    try {
      return await read(credentials);
    } catch (error) {
      if (!isError(error) || error.name !== 'NotAllowedError') throw error;
      throw new NotAllowedError(
        `The token's access restrictions do not allow catalog.entity.read, which reading ${what} needs (${error.message})`,
      );
    }
  }

  /** The entity as the caller may read it in the catalog ({@link readAs}). */
  async function entityFor(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return readAs(
      credentials,
      as => catalog.getEntityByRef(entityRef, { credentials: as }),
      entityRef,
    );
  }

  /**
   * Those of `entityRefs` that {@link loadEntity} would load: in the
   * catalog, readable by the caller and of a kind readiness scores; one
   * catalog request for all of them.
   */
  async function loadableRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!entityRefs.length) return [];
    const { items } = await fromCatalog(
      readAs(
        credentials,
        as =>
          catalog.getEntitiesByRefs(
            {
              entityRefs,
              fields: REF_FIELDS,
            },
            { credentials: as },
          ),
        `${entityRefs.length} entities`,
      ),
    );
    return entityRefs.filter((_, i) => {
      const entity = items[i];
      return (
        entity !== undefined && entity !== null && engine.appliesTo(entity.kind)
      );
    });
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
          fields: REF_FIELDS,
        },
        { credentials },
      ),
    );
    return items.filter((_, i) => found[i]);
  }

  /**
   * Why the check cannot be answered for this entity (scored from role
   * health, or not for its kind); undefined when it can.
   */
  function unanswerableReason(
    check: ReadinessCheck,
    entity: Entity,
  ): string | undefined {
    if (check.scoredBy === 'role-health') {
      return `Check '${check.id}' is scored from role health and cannot be answered; assign roles instead`;
    }
    const kind = entity.kind.toLowerCase();
    if (!check.appliesTo.includes(kind)) {
      return `Check '${check.id}' does not apply to ${kind} entities`;
    }
    return undefined;
  }

  /** The check, when it may be answered for this entity. */
  function answerableCheck(checkId: string, entity: Entity): ReadinessCheck {
    const check = checks.get(checkId);
    if (!check) {
      throw new NotFoundError(
        `Check '${checkId.slice(0, 100)}' is not in the readiness model`,
      );
    }
    const reason = unanswerableReason(check, entity);
    if (reason) throw new InputError(reason);
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
    /** Replies compressed as sent, by ETag (see sendJsonParts). */
    encoded: new EncodedReplies(ENCODED_REPLY_BYTES),
    checks,
    roles,
    authorizeCredentials,
    authorize,
    ...writes,
    fromCatalog,
    loadEntity,
    loadableRefs,
    entityFor,
    readScope,
    readableBy,
    unanswerableReason,
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
