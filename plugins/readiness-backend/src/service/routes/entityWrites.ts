import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  AnswerWriteResponse,
  answerInputSchema,
  DeleteWriteResponse,
  EntityScorecard,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  roleInputSchema,
  RoleWriteResponse,
  versionBodySchema,
} from '@prodready/plugin-readiness-common';
import { z } from 'zod';
import { StoreTransaction } from '../../database/ReadinessStore';
import { EntityWriteAuditSpec, RouteContext, WriteAudit } from './RouteContext';
import { expectedVersion, parseInput } from './parse';
import { shownToCaller } from './systemDetail';

/** One kind of write to an entity's answers or roles. */
export interface EntityWriteSpec<S extends z.ZodType<{ version?: number }>, T> {
  eventId: string;
  /** What the input is called in a 400. */
  what: string;
  /** Whether the target id is a check or a role. */
  target: 'checkId' | 'roleId';
  schema: S;
  permission: ResourcePermission;
  meta?: (input: z.output<S>) => JsonObject;
  /** An answer written, for the metrics. */
  answer?: 'update' | 'delete' | 'review';
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
  /** `scorecard` is undefined for a caller who may not read scorecards. */
  respond: (result: T, scorecard: EntityScorecard | undefined) => object;
}

/** Where a write goes, and how its input arrives. */
export interface EntityWriteCall {
  entityRef: string;
  /** The check or role id. */
  id: string;
  /** Reads the raw input; called only once the caller is authorised. */
  input: () => Promise<unknown>;
  /** The `If-Match` header of a REST call. */
  ifMatch?: string;
  /** `rest` or `action`, for the metrics. */
  via: 'rest' | 'action';
}

/**
 * The audit event and permission of a write, before anything is read or
 * checked: `entityRef` is the ref as the caller gave it.
 */
export function entityWriteAudit(
  spec: EntityWriteSpec<any, any>,
  call: Pick<EntityWriteCall, 'entityRef' | 'id'>,
): EntityWriteAuditSpec<'user'> {
  return {
    eventId: spec.eventId,
    meta: { entityRef: call.entityRef, [spec.target]: call.id.slice(0, 100) },
    permission: spec.permission,
    allow: ['user'],
  };
}

/**
 * A write to one entity's answers or roles, once the user is authorised on
 * the entity (by `auditedEntityWrite` or `auditedEntityWriteAs`): validates
 * the input and the version, reads the entity, and runs the write and the
 * recomputation in one transaction. The REST routes and the actions both
 * write through here.
 */
export async function runEntityWrite<
  S extends z.ZodType<{ version?: number }>,
  T,
>(
  ctx: RouteContext,
  spec: EntityWriteSpec<S, T>,
  call: EntityWriteCall,
  credentials: BackstageCredentials,
  audit: WriteAudit,
): Promise<object> {
  const input = parseInput(spec.schema, await call.input(), spec.what);
  audit.meta = spec.meta?.(input) ?? {};
  const version = expectedVersion(call.ifMatch, input.version);
  const entity = await ctx.loadEntity(call.entityRef, credentials);
  const holders = await spec.validate(entity, call.id, input, credentials);
  const actor = (credentials.principal as { userEntityRef: string })
    .userEntityRef;
  const target = { entityRef: call.entityRef, id: call.id, actor, version };
  const shown = shownToCaller(ctx, credentials, entity);
  const { result, scorecard } = await ctx.computation.recompute(
    entity,
    tx => spec.write(tx, target, input),
    {
      newHolders: holders ?? [],
      writes: spec.target === 'checkId' ? 'answers' : 'roles',
    },
  );
  if (spec.answer) ctx.metrics.answerWritten(spec.answer, call.via);
  return spec.respond(result, (await shown)(scorecard!));
}

/** The writes to an entity's answers and roles. */
export function entityWriteSpecs(ctx: RouteContext) {
  const { store, catalog } = ctx;

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

  const answerable = (entity: Entity, checkId: string) =>
    void ctx.answerableCheck(checkId, entity);

  const putAnswer: EntityWriteSpec<
    typeof answerInputSchema,
    AnswerWriteResponse['answer']
  > = {
    eventId: 'answer-update',
    what: 'answer',
    target: 'checkId',
    schema: answerInputSchema,
    permission: readinessAnswerUpdatePermission,
    meta: input => ({ status: input.status }),
    answer: 'update',
    validate: answerable,
    write: (tx, t, { version: _, ...answer }) =>
      store.putAnswer(tx, t.entityRef, t.id, answer, t.actor, t.version),
    respond: (answer, scorecard): AnswerWriteResponse => ({
      answer,
      scorecard,
    }),
  };

  const deleteAnswer: EntityWriteSpec<typeof versionBodySchema, unknown> = {
    eventId: 'answer-delete',
    what: 'request',
    target: 'checkId',
    schema: versionBodySchema,
    permission: readinessAnswerUpdatePermission,
    answer: 'delete',
    validate: answerable,
    write: (tx, t) =>
      store.deleteAnswer(tx, t.entityRef, t.id, t.actor, t.version),
    respond: (_, scorecard): DeleteWriteResponse => ({ scorecard }),
  };

  const reviewAnswer: EntityWriteSpec<
    typeof versionBodySchema,
    AnswerWriteResponse['answer']
  > = {
    eventId: 'answer-review',
    what: 'review',
    target: 'checkId',
    schema: versionBodySchema,
    permission: readinessAnswerReviewPermission,
    answer: 'review',
    validate: answerable,
    write: (tx, t) =>
      store.reviewAnswer(tx, t.entityRef, t.id, t.actor, t.version),
    respond: (answer, scorecard): AnswerWriteResponse => ({
      answer,
      scorecard,
    }),
  };

  const putRole: EntityWriteSpec<
    typeof roleInputSchema,
    RoleWriteResponse['role']
  > = {
    eventId: 'role-update',
    what: 'role assignment',
    target: 'roleId',
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
  };

  const deleteRole: EntityWriteSpec<typeof versionBodySchema, unknown> = {
    eventId: 'role-delete',
    what: 'request',
    target: 'roleId',
    schema: versionBodySchema,
    permission: readinessRoleUpdatePermission,
    validate: (_, roleId) => ctx.knownRole(roleId),
    write: (tx, t) =>
      store.deleteRole(tx, t.entityRef, t.id, t.actor, t.version),
    respond: (_, scorecard): DeleteWriteResponse => ({ scorecard }),
  };

  return { putAnswer, deleteAnswer, reviewAnswer, putRole, deleteRole };
}
