import { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  CheckStatus,
  passesGate,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';
import { readScorecard } from '../service/routes/entityRoutes';
import { listScorecards } from '../service/routes/organisationReads';
import { RouteContext } from '../service/routes/RouteContext';
import { ENTITY_REF_HELP, parseRef } from './parseRef';

/** Entities a team listing covers at most. */
const MAX_ENTITIES = 100;

/** An entity with the checks it fails, for {@link failingChecks}. */
interface FailingEntity {
  entityRef: string;
  title?: string;
  score: number | null;
  level: string | null;
  failing: { checkId: string; status: string }[];
}

/**
 * The scorecard actions: one entity's scorecard, and the failing checks of an
 * entity or of a team with the model's guidance on each. Both read as
 * `GET /entities/...` and `GET /scorecards?owner=` do: the caller needs
 * `readiness.scorecard.read`, and sees only entities the catalog lets them
 * read.
 */
export function registerScorecardActions(
  registry: ActionsRegistryService,
  ctx: RouteContext,
) {
  registry.register({
    name: 'get-entity-scorecard',
    title: 'Get readiness scorecard',
    description: `The production-readiness scorecard of one catalog entity: score (0-100), level reached, the gate checks missing for the next level, the score and risk per category, and the status of every check. Input: ${ENTITY_REF_HELP}.`,
    visibilityPermission: readinessScorecardReadPermission,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The entity, e.g. component:default/payments-api'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string().optional(),
          kind: z.string(),
          owner: z.string().optional(),
          lifecycle: z.string().optional(),
          score: z
            .number()
            .nullable()
            .describe('0-100, null when no check applies'),
          level: z.string().nullable().describe('The highest level reached'),
          nextLevel: z
            .object({ levelId: z.string(), missingChecks: z.array(z.string()) })
            .optional(),
          notAssessed: z
            .boolean()
            .describe('Too few checks apply for a level to mean anything'),
          gateFailures: z.number(),
          categories: z.array(
            z.object({
              categoryId: z.string(),
              score: z.number().nullable(),
              risk: z.string(),
            }),
          ),
          checks: z.array(
            z.object({
              checkId: z.string(),
              title: z.string(),
              status: z.string(),
              gate: z.boolean(),
              source: z.string(),
              version: z
                .number()
                .describe(
                  "The entity's own portal answer's version, 0 when none (for answer-check)",
                ),
            }),
          ),
          roles: z.array(
            z.object({
              roleId: z.string(),
              required: z.boolean(),
              holders: z.array(z.string()),
              source: z.string(),
              problems: z.array(z.string()),
              version: z
                .number()
                .describe(
                  "The entity's own portal assignment's version, 0 when none (for assign-role)",
                ),
            }),
          ),
          computedAt: z.string(),
          stale: z
            .boolean()
            .describe('Served from storage while the catalog is unreachable'),
        }),
    },
    action: async ({ input, credentials }) => {
      await ctx.authorizeCredentials(
        credentials,
        readinessScorecardReadPermission,
      );
      const ref = parseRef('entityRef', input.entityRef, 'component');
      const { scorecard, stale } = await readScorecard(ctx, ref, credentials);
      // The versions the write actions need, of this entity's own portal rows.
      const answers = (await ctx.store.getAnswers([ref])).get(ref) ?? [];
      const roles = (await ctx.store.getRoles([ref])).get(ref) ?? [];
      return {
        output: {
          entityRef: scorecard.entityRef,
          title: scorecard.title,
          kind: scorecard.kind,
          owner: scorecard.owner,
          lifecycle: scorecard.lifecycle,
          score: scorecard.score,
          level: scorecard.level,
          nextLevel: scorecard.nextLevel,
          notAssessed: Boolean(scorecard.notAssessed),
          gateFailures: scorecard.gateFailures,
          categories: scorecard.categories.map(c => ({
            categoryId: c.categoryId,
            score: c.score,
            risk: c.risk,
          })),
          checks: scorecard.checks.map(c => ({
            checkId: c.checkId,
            title: ctx.checks.get(c.checkId)?.title ?? c.checkId,
            status: c.status,
            gate: ctx.checks.get(c.checkId)?.gate ?? false,
            source: c.source,
            version: answers.find(a => a.checkId === c.checkId)?.version ?? 0,
          })),
          roles: scorecard.roles.map(r => ({
            roleId: r.roleId,
            required: r.required,
            holders: r.holders,
            source: r.source,
            problems: r.problems.map(p => p.message),
            version: roles.find(a => a.roleId === r.roleId)?.version ?? 0,
          })),
          computedAt: scorecard.computedAt,
          stale,
        },
      };
    },
  });

  registry.register({
    name: 'list-failing-checks',
    title: 'List failing readiness checks',
    description: `The readiness checks that an entity, or the entities of a team, do not pass (not met, partly met, unanswered or expired), lowest scores first, with the model's guidance on what good looks like and what evidence proves it. Give either entityRef (${ENTITY_REF_HELP}) or team (a group ref such as 'group:default/payments-team').`,
    visibilityPermission: readinessScorecardReadPermission,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().optional().describe('One entity'),
          team: z.string().optional().describe('A group: the entities it owns'),
          // Checked before the action runs, once the registry's visibility
          // check (the read permission) has let the caller through.
          limit: z
            .number()
            .int()
            .min(1)
            .max(MAX_ENTITIES)
            .optional()
            .describe(
              `Entities of a team to list, at most ${MAX_ENTITIES}; 25 by default`,
            ),
        }),
      output: z =>
        z.object({
          entities: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              score: z.number().nullable(),
              level: z.string().nullable(),
              failing: z.array(
                z.object({ checkId: z.string(), status: z.string() }),
              ),
            }),
          ),
          entitiesTotal: z
            .number()
            .describe('Entities the team owns, listed or not'),
          checks: z
            .array(
              z.object({
                checkId: z.string(),
                title: z.string(),
                category: z.string(),
                gate: z.boolean(),
                level: z.string(),
                question: z.string(),
                guidance: z.string(),
                failingEntities: z.number(),
              }),
            )
            .describe('Each failing check once, with how to fix it'),
        }),
    },
    action: async ({ input, credentials }) => {
      await ctx.authorizeCredentials(
        credentials,
        readinessScorecardReadPermission,
      );
      if (Boolean(input.entityRef) === Boolean(input.team)) {
        throw new InputError('Invalid input: give either entityRef or team');
      }
      const { entities, total } = input.entityRef
        ? await entityFailing(
            ctx,
            parseRef('entityRef', input.entityRef, 'component'),
            credentials,
          )
        : await teamFailing(
            ctx,
            parseRef('team', input.team!, 'group'),
            input.limit ?? 25,
            credentials,
          );
      return {
        output: {
          entities,
          entitiesTotal: total,
          checks: guidanceFor(ctx, entities),
        },
      };
    },
  });
}

const failingOf = (statuses: [string, CheckStatus][]) =>
  statuses
    .filter(([, status]) => !passesGate(status))
    .map(([checkId, status]) => ({ checkId, status }));

async function entityFailing(
  ctx: RouteContext,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<{ entities: FailingEntity[]; total: number }> {
  const { scorecard } = await readScorecard(ctx, entityRef, credentials);
  const failing = failingOf(scorecard.checks.map(c => [c.checkId, c.status]));
  const { title, score, level } = scorecard;
  return { entities: [{ entityRef, title, score, level, failing }], total: 1 };
}

/** The stored statuses of the team's readable entities, lowest scores first. */
async function teamFailing(
  ctx: RouteContext,
  team: string,
  limit: number,
  credentials: BackstageCredentials,
): Promise<{ entities: FailingEntity[]; total: number }> {
  const page = await listScorecards(ctx, credentials, {
    owners: [team],
    sort: 'score',
    order: 'asc',
    limit,
    offset: 0,
  });
  const statuses = await ctx.store.getCheckStatuses(
    page.items.map(item => item.entityRef),
  );
  const entities: FailingEntity[] = [];
  for (const item of page.items) {
    const failing = failingOf(
      Object.entries(statuses.get(item.entityRef) ?? {}),
    );
    if (!failing.length) continue;
    const { entityRef, title, score, level } = item;
    entities.push({ entityRef, title, score, level, failing });
  }
  return { entities, total: page.totalCount };
}

/** Each failing check once, with the model's text on how to meet it. */
function guidanceFor(ctx: RouteContext, entities: FailingEntity[]) {
  const counts = new Map<string, number>();
  for (const e of entities) {
    for (const f of e.failing)
      counts.set(f.checkId, (counts.get(f.checkId) ?? 0) + 1);
  }
  return [...counts].flatMap(([checkId, failingEntities]) => {
    const check = ctx.checks.get(checkId);
    if (!check) return [];
    const { title, category, gate, level, question, guidance } = check;
    return [
      {
        checkId,
        title,
        category,
        gate,
        level,
        question,
        guidance,
        failingEntities,
      },
    ];
  });
}
