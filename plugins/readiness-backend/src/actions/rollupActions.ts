import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { readinessScorecardReadPermission } from '@prodready/plugin-readiness-common';
import { readRollup } from '../service/routes/organisationReads';
import { RouteContext } from '../service/routes/RouteContext';
import { parseRef } from './parseRef';

/** Trend days the rollup reads; the action returns the current rollup only. */
const TREND_DAYS = 1;

/**
 * The rollup action: a group's, system's or domain's aggregate, read as
 * `GET /rollups/:kind/:namespace/:name` reads it (aggregates for every
 * reader, the entities listed only when the catalog lets the caller read
 * them).
 */
export function registerRollupActions(
  registry: ActionsRegistryService,
  ctx: RouteContext,
) {
  registry.register({
    name: 'get-rollup',
    title: 'Get readiness rollup',
    description:
      "The production readiness of a team (group), system or domain: the mean score of its entities, how many are at each level, gate failures and role problems, and its sub-groups or systems and its entities, lowest scores first. Input: a ref such as 'group:default/payments-team', 'system:default/payments' or 'domain:default/commerce' (the kind defaults to group).",
    visibilityPermission: readinessScorecardReadPermission,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ref: z.string().describe('A group, system or domain'),
          // Checked before the action runs, once the registry's visibility
          // check (the read permission) has let the caller through.
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe(
              'Entities to list, and sub-groups or systems, at most 100 each; 20 by default',
            ),
          offset: z
            .number()
            .int()
            .min(0)
            .max(10_000_000)
            .optional()
            .describe(
              'Entities to skip, lowest scores first: the next page starts at offset + limit while entitiesTotal is larger (a page leaves out the entities the caller may not read, so it may hold fewer); 0 by default',
            ),
        }),
      output: z => {
        const rollup = z.object({
          ref: z.string(),
          kind: z.string(),
          title: z.string().optional(),
          score: z.number().nullable().describe('Mean score of its entities'),
          entities: z.number(),
          levels: z.record(z.number()).describe('Entities per level'),
          gateFailures: z.number(),
          productionBelowGate: z.number(),
          roleProblems: z.number(),
        });
        return z.object({
          rollup,
          children: z
            .array(rollup)
            .describe('Sub-groups or systems, lowest scores first'),
          childrenTotal: z.number(),
          entities: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              score: z.number().nullable(),
              level: z.string().nullable(),
              gateFailures: z.number(),
            }),
          ),
          entitiesTotal: z.number(),
          computedAt: z.string().optional(),
          stale: z.boolean(),
        });
      },
    },
    action: async ({ input, credentials }) => {
      await ctx.authorizeCredentials(
        credentials,
        readinessScorecardReadPermission,
      );
      const ref = parseRef('ref', input.ref, 'group');
      const limit = input.limit ?? 20;
      const body = await readRollup(ctx, ref, credentials, {
        limit,
        offset: input.offset ?? 0,
        days: TREND_DAYS,
        childLimit: limit,
      });
      const summary = (r: typeof body.rollup) => ({
        ref: r.ref,
        kind: r.kind,
        title: r.title,
        score: r.score,
        entities: r.aggregate.entities,
        levels: r.aggregate.levels,
        gateFailures: r.aggregate.gateFailures,
        productionBelowGate: r.aggregate.productionBelowGate,
        roleProblems: r.aggregate.roleProblems,
      });
      return {
        output: {
          rollup: summary(body.rollup),
          // A domain can have thousands of systems: the lowest, as many as asked.
          children: body.children.map(summary),
          childrenTotal: body.childrenTotal,
          entities: body.entities.map(e => ({
            entityRef: e.entityRef,
            title: e.title,
            score: e.score,
            level: e.level,
            gateFailures: e.gateFailures,
          })),
          entitiesTotal: body.entitiesTotal,
          computedAt: body.computedAt,
          stale: body.stale,
        },
      };
    },
  });
}
