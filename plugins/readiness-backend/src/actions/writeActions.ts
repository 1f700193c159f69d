import { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  AnswerWriteResponse,
  EntityScorecard,
  NOT_APPLICABLE_REASONS,
  RoleWriteResponse,
} from '@prodready/plugin-readiness-common';
import {
  entityWriteAudit,
  EntityWriteSpec,
  entityWriteSpecs,
  runEntityWrite,
} from '../service/routes/entityWrites';
import { RouteContext } from '../service/routes/RouteContext';
import { ENTITY_REF_HELP, parseRef } from './parseRef';

type ActionSchema = Parameters<ActionsRegistryService['register']>[0]['schema'];

/** Score and level are shown only to whoever may read scorecards. */
const ABSENT_UNLESS_READ =
  'Absent when you may not read scorecards (readiness.scorecard.read)';

/** The score, level and next level a write's output reports. */
function scoreAfterWrite(z: Parameters<ActionSchema['output']>[0]) {
  return {
    score: z.number().nullable().optional().describe(ABSENT_UNLESS_READ),
    level: z.string().nullable().optional().describe(ABSENT_UNLESS_READ),
    nextLevel: z
      .object({ levelId: z.string(), missingChecks: z.array(z.string()) })
      .optional(),
  };
}

/*
 * The actions registry checks an action's input against its schema before
 * the action runs. The read actions are hidden first from callers who may
 * not read; the write actions have no such gate, so before anyone is
 * authorised. So the schemas below give JSON types only, with the allowed
 * values described; the values are checked by the REST API's schemas once
 * the caller is authorised.
 */

const VERSION_HELP =
  "The version of the entity's own portal answer or assignment you last saw (0 when there is none), as get-entity-scorecard reports it; a stale version is refused, naming the current one";

/**
 * The write actions: answer a check, assign a role's holders. Both go
 * through the REST routes' write path (`runEntityWrite`): allowed to users
 * only, and only where `readiness.answer.update` / `readiness.role.update`
 * allow them on the entity (owners, in the portal's policy); audited with
 * the caller named; the input's values checked by the REST API's schema after
 * authorisation; the scorecard recomputed in the same transaction.
 */
export function registerWriteActions(
  registry: ActionsRegistryService,
  ctx: RouteContext,
) {
  const specs = entityWriteSpecs(ctx);

  /**
   * Authorises, parses the ref, then writes (see auditedEntityWriteAs); the
   * result is the new scorecard's summary.
   */
  const write = async (
    spec: EntityWriteSpec<any, any>,
    credentials: BackstageCredentials,
    target: { ref: string; id: string },
    body: object,
  ) => {
    const audit = entityWriteAudit(spec, {
      // The ref as given, bounded: it is parsed only once authorised.
      entityRef: target.ref.slice(0, 300),
      id: target.id,
    });
    return ctx.auditedEntityWriteAs(
      credentials,
      audit,
      () => parseRef('entityRef', target.ref, 'component'),
      (entityRef, a) =>
        runEntityWrite(
          ctx,
          spec,
          { entityRef, id: target.id, input: async () => body, via: 'action' },
          credentials,
          a,
        ),
    ) as Promise<{ scorecard?: EntityScorecard }>;
  };
  /** The new score and level, for a caller who may read scorecards. */
  const summary = (scorecard: EntityScorecard | undefined) =>
    scorecard && {
      score: scorecard.score,
      level: scorecard.level,
      nextLevel: scorecard.nextLevel,
    };

  registry.register({
    name: 'answer-check',
    title: 'Answer a readiness check',
    description: `Records an owner's answer to one readiness check of an entity, as the portal's Readiness tab does, and returns the new score and level (to a caller who may read scorecards). Only owners of the entity (and readiness administrators) may. Input: ${ENTITY_REF_HELP}; the check id (e.g. recoverability.restore-test); the status; evidence (an http(s) URL) and a note; for not-applicable, a reason and a text.`,
    attributes: { destructive: true, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          checkId: z.string().describe('e.g. recoverability.restore-test'),
          status: z
            .string()
            .describe('met, partially-met, not-met or not-applicable'),
          evidenceUrl: z
            .string()
            .optional()
            .describe('http(s) URL of the evidence'),
          note: z.string().optional(),
          notApplicableReason: z
            .string()
            .optional()
            .describe(
              `${NOT_APPLICABLE_REASONS.join(
                ', ',
              )}; required when status is not-applicable`,
            ),
          notApplicableText: z
            .string()
            .optional()
            .describe('Required when status is not-applicable'),
          version: z.number().describe(VERSION_HELP),
        }),
      output: z =>
        z.object({
          checkId: z.string(),
          status: z.string(),
          version: z.number().describe('The answer’s new version'),
          ...scoreAfterWrite(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef: ref, checkId, ...body } = input;
      const { answer, scorecard } = (await write(
        specs.putAnswer,
        credentials,
        { ref, id: checkId },
        body,
      )) as AnswerWriteResponse;
      return {
        output: {
          checkId,
          status: answer.status,
          version: answer.version ?? 0,
          ...summary(scorecard),
        },
      };
    },
  });

  registry.register({
    name: 'assign-role',
    title: 'Assign a readiness role',
    description: `Sets who holds one role (e.g. dba, problem-manager) for an entity, replacing the holders assigned in the portal, and returns the new score and level (to a caller who may read scorecards). Only owners of the entity (and readiness administrators) may. Holders are users or groups of the catalog (user:default/jane, group:default/dba-team; the kind defaults to user). Input: ${ENTITY_REF_HELP}.`,
    attributes: { destructive: true, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          roleId: z.string().describe('e.g. dba'),
          holders: z.array(z.string()).describe('Users or groups'),
          version: z.number().describe(VERSION_HELP),
        }),
      output: z =>
        z.object({
          roleId: z.string(),
          holders: z.array(z.string()),
          version: z.number().describe('The assignment’s new version'),
          ...scoreAfterWrite(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef: ref, roleId, ...body } = input;
      const { role, scorecard } = (await write(
        specs.putRole,
        credentials,
        { ref, id: roleId },
        body,
      )) as RoleWriteResponse;
      return {
        output: {
          roleId,
          holders: role.holders,
          version: role.version ?? 0,
          ...summary(scorecard),
        },
      };
    },
  });
}
