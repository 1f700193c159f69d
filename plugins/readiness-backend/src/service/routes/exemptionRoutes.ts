import { NotAllowedError, NotFoundError, InputError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import {
  dayAfter,
  exemptionDecisionSchema,
  ExemptionListResponse,
  exemptionOpen,
  exemptionRequestSchema,
  ExemptionWriteResponse,
  readinessAnswerUpdatePermission,
  readinessScorecardReadPermission,
  ReadinessCheck,
  ReadinessExemption,
  exemptionIdSchema,
} from '@prodready/plugin-readiness-common';
import express, { Request, Response } from 'express';
import { z } from 'zod';
import {
  ExemptionDeciders,
  recordExemptionEnds,
} from '../exemptions/exemptionDeciders';
import {
  assertUnchangedSince,
  CheckedRecords,
  recordsWatermark,
} from '../exemptions/checkedRecords';
import { RouteContext } from './RouteContext';
import {
  entityRefFromParams,
  expectedVersion,
  parseInput,
  pathRefAsGiven,
  readJsonBody,
} from './parse';
import { shownToCaller } from './systemDetail';
import { mayReadScorecards } from './scorecardReaders';
import { scoreStoredInputs } from '../scorecardDetail';

/** `readiness.exemptions.maxDays` when not configured. */
export const DEFAULT_EXEMPTION_MAX_DAYS = 180;

const exemptionParamsSchema = z.object({ id: exemptionIdSchema });

/** Statuses an exemption may be asked for: the check is failing. */
const WAIVABLE = new Set(['not-met', 'partially-met', 'unknown', 'expired']);

/** What a check's status, checked before a request is taken, stands on. */
const STATUS_RECORDS: CheckedRecords = {
  own: ['answer', 'role', 'result', 'cost-table'],
  system: ['answer', 'role', 'cost-table'],
};

/**
 * Exemptions (waivers) of an entity's checks. An owner (the answer update
 * permission) requests one for a failing check; a holder of the check's
 * responsible role on that entity, a user `readiness.exemption.decide`
 * allows on it or a readiness admin, never the requester, approves or
 * rejects it. Every write is audited, validated
 * after authorisation (400 naming the field) and scores the entity again
 * in its transaction.
 */
export function addExemptionRoutes(router: express.Router, ctx: RouteContext) {
  const { store, computation } = ctx;
  const maxDays = ctx.exemptions?.maxDays ?? DEFAULT_EXEMPTION_MAX_DAYS;
  const base = '/entities/:kind/:namespace/:name/exemptions';

  /** The check, when an exemption of it may be asked for on this entity. */
  function exemptableCheck(checkId: string, entity: Entity): ReadinessCheck {
    const check = ctx.checks.get(checkId);
    if (!check) {
      throw new InputError(
        `Invalid exemption: checkId: '${checkId}' is not in the readiness model`,
      );
    }
    const kind = entity.kind.toLowerCase();
    if (!check.appliesTo.includes(kind)) {
      throw new InputError(
        `Invalid exemption: checkId: '${checkId}' does not apply to ${kind} entities`,
      );
    }
    return check;
  }

  /**
   * The check's status as last scored, or scored now if it was never
   * scored (an entity or check new since the last full run).
   */
  async function statusOf(
    entityRef: string,
    entity: Entity,
    checkId: string,
    now: Date,
  ) {
    const stored = (await store.getScorecard(entityRef))?.checks[checkId];
    if (stored) return stored;
    const scored = await scoreStoredInputs(ctx, entity, now);
    return scored.checks.find(c => c.checkId === checkId)?.status;
  }

  router.get(base, async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const entityRef = entityRefFromParams(req.params);
    const entity = await ctx.loadEntity(entityRef, credentials);
    const exemptions = await store.listExemptions(entityRef);
    const now = Date.now();
    // A request awaiting its decision; one that lapsed is decided by nobody.
    const undecided = (e: ReadinessExemption) =>
      e.status === 'pending' && exemptionOpen(e, now);
    const deciders =
      exemptions.some(undecided) && ctx.auth.isPrincipal(credentials, 'user')
        ? await ExemptionDeciders.of(ctx, entity)
        : undefined;
    const body: ExemptionListResponse = { items: [], maxDays };
    for (const exemption of exemptions) {
      const canDecide =
        undecided(exemption) &&
        !!deciders &&
        ctx.auth.isPrincipal(credentials, 'user') &&
        !(await deciders.refusal(credentials, exemption));
      body.items.push({ ...exemption, canDecide });
    }
    res.json(body);
  });

  router.post(base, async (req, res) => {
    const body = await ctx.auditedEntityWrite(
      req,
      {
        eventId: 'exemption-request',
        meta: { entityRef: pathRefAsGiven(req.params) },
        permission: readinessAnswerUpdatePermission,
        allow: ['user'],
      },
      () => entityRefFromParams(req.params),
      async (
        credentials,
        entityRef,
        audit,
      ): Promise<ExemptionWriteResponse> => {
        const input = parseInput(
          exemptionRequestSchema,
          await readJsonBody(req, res, 'entity'),
          'exemption',
        );
        audit.meta = { checkId: input.checkId, endsOn: input.endsOn };
        const now = new Date();
        if (input.endsOn <= dayAfter(now, 0)) {
          throw new InputError(
            'Invalid exemption: endsOn: must be after today',
          );
        }
        if (input.endsOn > dayAfter(now, maxDays)) {
          throw new InputError(
            `Invalid exemption: endsOn: must be at most ${maxDays} days ahead (readiness.exemptions.maxDays), on or before ${dayAfter(
              now,
              maxDays,
            )}`,
          );
        }
        const entity = await ctx.loadEntity(entityRef, credentials);
        exemptableCheck(input.checkId, entity);
        const watermark = await recordsWatermark(store, entity, STATUS_RECORDS);
        // An ended exemption (or lapsed request) not yet recorded would
        // block a new request.
        await recordExemptionEnds(ctx, now, {
          entityRef,
          checkId: input.checkId,
        });
        const status = await statusOf(entityRef, entity, input.checkId, now);
        // Exempt as last scored: the request answers 409 if the exemption
        // is still in force, and goes ahead if it has just ended.
        if (status && status !== 'exempt' && !WAIVABLE.has(status)) {
          // Its status only to whoever may read scorecards.
          const shownStatus = (await mayReadScorecards(
            ctx.permissions,
            credentials,
          ))
            ? status
            : 'not failing';
          throw new InputError(
            `Invalid exemption: checkId: ${input.checkId} is ${shownStatus}; only a failing check can be exempted`,
          );
        }
        const shown = shownToCaller(ctx, credentials, entity);
        const { result, scorecard } = await computation.recompute(
          entity,
          async tx => {
            // The status checked above is the one the exemption is for.
            await assertUnchangedSince(
              store,
              tx,
              entity,
              watermark,
              STATUS_RECORDS,
              `The status of ${input.checkId}`,
            );
            return store.requestExemption(
              tx,
              entityRef,
              input,
              credentials.principal.userEntityRef,
            );
          },
          { writes: 'exemptions' },
        );
        audit.meta = { ...audit.meta, exemptionId: result.id };
        return {
          exemption: result,
          scorecard: (await shown)(scorecard!),
        };
      },
    );
    res.status(201).json(body);
  });

  /** Approving or rejecting: the deciders' rule first, then the body. */
  function decide(decision: 'approved' | 'rejected') {
    return async (req: Request, res: Response) => {
      const id = String(req.params.id);
      const body = await ctx.auditedWrite(
        req,
        {
          eventId:
            decision === 'approved' ? 'exemption-approve' : 'exemption-reject',
          meta: {
            entityRef: pathRefAsGiven(req.params),
            exemptionId: id.slice(0, 64),
          },
          // Everyone may read; who may decide depends on the entity's roles.
          permission: readinessScorecardReadPermission,
          allow: ['user'],
        },
        async (credentials, audit): Promise<ExemptionWriteResponse> => {
          const entityRef = entityRefFromParams(req.params);
          audit.meta = { entityRef };
          parseInput(exemptionParamsSchema, req.params, 'exemption');
          const entity = await ctx.loadEntity(entityRef, credentials);
          const exemption = await store.getExemption(id);
          if (!exemption || exemption.entityRef !== entityRef) {
            throw new NotFoundError(
              `There is no exemption ${id} of ${entityRef}`,
            );
          }
          const roleRecords: CheckedRecords = {
            own: ['role'],
            system: ['role'],
            subjectIds: ctx.checks.get(exemption.checkId)?.roles ?? [],
          };
          const watermark = await recordsWatermark(store, entity, roleRecords);
          const deciders = await ExemptionDeciders.of(ctx, entity);
          const refusal = await deciders.refusal(credentials, exemption);
          if (refusal) throw new NotAllowedError(refusal);
          const input = parseInput(
            exemptionDecisionSchema,
            await readJsonBody(req, res, 'entity'),
            'decision',
          );
          const version = expectedVersion(
            req.header('if-match'),
            input.version,
          );
          audit.meta = {
            ...audit.meta,
            checkId: exemption.checkId,
            version,
          };
          const shown = shownToCaller(ctx, credentials, entity);
          const { result, scorecard } = await computation.recompute(
            entity,
            async tx => {
              // The roles the decider was allowed by are those in force.
              await assertUnchangedSince(
                store,
                tx,
                entity,
                watermark,
                roleRecords,
                `The roles of ${entityRef}`,
              );
              return store.decideExemption(
                tx,
                id,
                decision,
                credentials.principal.userEntityRef,
                version,
                input.note,
              );
            },
            { writes: 'exemptions' },
          );
          return {
            exemption: result,
            scorecard: (await shown)(scorecard!),
          };
        },
      );
      res.json(body);
    };
  }

  router.post(`${base}/:id/approve`, decide('approved'));
  router.post(`${base}/:id/reject`, decide('rejected'));
}
