import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { readinessScorecardReadPermission } from '@prodready/plugin-readiness-common';
import {
  listCampaignSummaries,
  readEntityCampaigns,
} from '../service/routes/campaignReads';
import { RouteContext } from '../service/routes/RouteContext';
import { ENTITY_REF_HELP, parseRef } from './parseRef';

/**
 * The campaign actions: the campaigns with their progress, and the
 * campaigns one entity is part of with what it still needs in each, read as
 * `GET /campaigns` and `GET /entities/.../campaigns` read them.
 */
export function registerCampaignActions(
  registry: ActionsRegistryService,
  ctx: RouteContext,
) {
  const { checks } = ctx;

  registry.register({
    name: 'list-campaigns',
    title: 'List readiness campaigns',
    description:
      "Readiness campaigns: a set of entities asked to reach a level or to meet checks by a deadline, with how many are done and overdue. Optional input: 'group' (a team; its part of the campaigns it has entities in) and 'open' (only campaigns not finished).",
    visibilityPermission: readinessScorecardReadPermission,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          group: z
            .string()
            .optional()
            .describe('A group ref, e.g. group:default/payments-team'),
          open: z
            .boolean()
            .optional()
            .describe('Only campaigns with entities not done'),
        }),
      output: z =>
        z.object({
          campaigns: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              target: z
                .object({
                  level: z.string().optional(),
                  checks: z.array(z.string()).optional(),
                })
                .describe('A level to reach, or checks to meet'),
              deadline: z.string(),
              total: z.number(),
              done: z.number(),
              overdue: z.number().describe('Not done after the deadline'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await ctx.authorizeCredentials(
        credentials,
        readinessScorecardReadPermission,
      );
      const group = input.group
        ? parseRef('group', input.group, 'group')
        : undefined;
      const items = await listCampaignSummaries(ctx, {
        group,
        open: input.open,
      });
      return {
        output: {
          campaigns: items.map(c => ({
            id: c.id,
            title: c.title,
            target: c.target,
            deadline: c.deadline,
            total: c.progress.total,
            done: c.progress.done,
            overdue: c.progress.overdue,
          })),
        },
      };
    },
  });

  registry.register({
    name: 'get-entity-campaigns',
    title: 'What an entity still needs for its campaigns',
    description: `The readiness campaigns one catalog entity is part of, whether it is done, not done or overdue in each, and the checks it still has to meet with guidance on how. Input: ${ENTITY_REF_HELP}.`,
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
          campaigns: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              deadline: z.string(),
              status: z.enum(['done', 'not-done', 'overdue']),
              stillNeeds: z.array(
                z.object({
                  checkId: z.string(),
                  title: z.string(),
                  guidance: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await ctx.authorizeCredentials(
        credentials,
        readinessScorecardReadPermission,
      );
      const entityRef = parseRef('entityRef', input.entityRef, 'component');
      const { items } = await readEntityCampaigns(ctx, entityRef, credentials);
      return {
        output: {
          entityRef,
          campaigns: items.map(({ campaign, entity }) => ({
            id: campaign.id,
            title: campaign.title,
            deadline: campaign.deadline,
            status: entity.status,
            stillNeeds: entity.missing.map(checkId => ({
              checkId,
              title: checks.get(checkId)?.title ?? checkId,
              guidance: checks.get(checkId)?.guidance ?? '',
            })),
          })),
        },
      };
    },
  });
}
