import {
  AuditorService,
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { ReadinessMetrics, secondsSince } from '../readinessMetrics';
import { errorShownTo } from './scorecardReaders';

/**
 * What the audit log keeps of a failed write's error: its name, message and
 * stack. Not the fields some errors carry besides (a 409's `current` is the
 * stored record, with another user's note or reason): the auditor logs
 * every field of the error it is given.
 */
function auditedError(error: unknown): Error {
  const kept = new Error(isError(error) ? error.message : String(error));
  if (isError(error)) {
    kept.name = error.name;
    kept.stack = error.stack;
  }
  return kept;
}

/*
 * Writes, audited and timed whatever their outcome, the caller authorised
 * before any input is read or checked: the REST routes' and the actions'.
 */

/** What an audited write is: its event, and what it needs allowed. */
export interface WriteSpec<P extends keyof BackstagePrincipalTypes> {
  eventId: string;
  meta: JsonObject;
  permission: BasicPermission;
  allow: P[];
  severityLevel?: 'medium' | 'high';
  /** An audited read (the export): not timed with the writes. */
  read?: boolean;
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

/** An audited write in progress: the route may add to what the event records. */
export interface WriteAudit {
  meta: JsonObject;
}

/** What the audited writes are made with. */
export interface AuditedWritesDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  metrics: ReadinessMetrics;
  /** The one decision on a permission (and an entity) routes and actions take. */
  authorizeCredentials(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<void>;
}

/** The audited writes of the route modules and the actions. */
export function createAuditedWrites(deps: AuditedWritesDeps) {
  const { httpAuth, permissions, auditor, metrics, authorizeCredentials } =
    deps;

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
  async function audited<T, C extends BackstageCredentials>(
    spec: Omit<WriteSpec<any>, 'permission'> & {
      request?: Request;
      /**
       * A write to an entity's records: a 409's stored record is shown
       * only to a caller who may read scorecards (see errorShownTo).
       */
      entityRecords?: boolean;
    },
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
    let caller: C | undefined;
    try {
      caller = await authorized(known);
      const result = await fn(caller, audit);
      await event.success({ meta: { ...known, ...audit.meta } });
      if (!spec.read) {
        metrics.writeFinished(spec.eventId, secondsSince(started), true);
      }
      return result;
    } catch (error) {
      await event.fail({
        meta: { ...known, ...audit.meta },
        error: auditedError(error),
      });
      if (!spec.read) {
        metrics.writeFinished(spec.eventId, secondsSince(started), false);
      }
      throw spec.entityRecords
        ? await errorShownTo(permissions, caller, error)
        : error;
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
      { ...spec, request: req, entityRecords: true },
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
        entityRecords: true,
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
        return credentials;
      },
      (_, audit) => fn(entityRef, audit),
    );
  }

  return { auditedWrite, auditedEntityWrite, auditedEntityWriteAs };
}
