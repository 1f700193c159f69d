import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  Campaign,
  CampaignDetailResponse,
  CampaignEntitiesResponse,
  campaignEntitiesQuerySchema,
  campaignIdSchema,
  campaignGroupsQuerySchema,
  CampaignGroupsResponse,
  campaignInputSchema,
  campaignListQuerySchema,
  CampaignListResponse,
  EntitiesCampaignsResponse,
  entityCampaignsQuerySchema,
  campaignCounts,
  readinessCampaignManagePermission,
  readinessScorecardReadPermission,
  versionBodySchema,
} from '@prodready/plugin-readiness-common';
import { JsonObject } from '@backstage/types';
import { randomUUID } from 'crypto';
import express, { Request, Response } from 'express';
import { z } from 'zod';
import {
  campaignService,
  entityProgress,
  listCampaignSummaries,
  readEntitiesCampaigns,
  readEntityCampaigns,
} from './campaignReads';
import { RouteContext } from './RouteContext';
import { startCampaignProgress } from '../campaigns/campaignProgressTask';
import {
  entityRefFromParams,
  expectedVersion,
  parseInput,
  readJsonBody,
} from './parse';

const campaignParamsSchema = z.object({ id: campaignIdSchema });

/** What the audit log keeps of a campaign's definition: what it asks, of whom, by when (not its free text). */
function auditedDefinition(
  campaign: Pick<Campaign, 'target' | 'filter' | 'deadline'> & {
    startDate?: string;
  },
): JsonObject {
  return JSON.parse(
    JSON.stringify({
      target: campaign.target,
      filter: campaign.filter,
      startDate: campaign.startDate,
      deadline: campaign.deadline,
    }),
  );
}

/**
 * Campaigns: listed (app-config and portal ones together) with their
 * precomputed progress, and created, changed and deleted by holders of
 * `readiness.campaign.manage` with the answers' rules: authorised before
 * the body is read, a 400 naming the field, audited, and optimistic
 * concurrency (409 with the current campaign). App-config campaigns are
 * read-only.
 */
export function addCampaignRoutes(router: express.Router, ctx: RouteContext) {
  const { store } = ctx;
  const service = () => campaignService(ctx);

  async function campaignOr404(id: string): Promise<Campaign> {
    const campaign = await service().get(id);
    if (!campaign) throw new NotFoundError(`There is no campaign ${id}`);
    return campaign;
  }

  router.get('/campaigns', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const query = parseInput(campaignListQuerySchema, req.query, 'query');
    const body: CampaignListResponse = {
      items: await listCampaignSummaries(ctx, {
        group: query.group,
        open: query.open === 'true',
      }),
    };
    res.json(body);
  });

  router.get('/campaigns/:id', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const { id } = parseInput(campaignParamsSchema, req.params, 'campaign');
    const campaign = await campaignOr404(id);
    const [summary] = await service().summaries([campaign]);
    const body: CampaignDetailResponse = {
      campaign: summary,
      history: await store.campaigns.progress.getHistory(id),
    };
    res.json(body);
  });

  // A campaign across the organisation has a team for each group: the
  // teams come a level and a page at a time, as the organisation tree's.
  router.get('/campaigns/:id/groups', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const { id } = parseInput(campaignParamsSchema, req.params, 'campaign');
    const query = parseInput(campaignGroupsQuerySchema, req.query, 'query');
    const campaign = await campaignOr404(id);
    const page = await store.campaigns.progress.listTeams(id, query);
    const today = service().today();
    const body: CampaignGroupsResponse = {
      items: page.items.map(({ total, done, ...team }) => ({
        ...team,
        ...campaignCounts(total, done, campaign.deadline, today),
      })),
      totalCount: page.totalCount,
    };
    res.json(body);
  });

  router.get('/campaigns/:id/entities', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const { id } = parseInput(campaignParamsSchema, req.params, 'campaign');
    const query = parseInput(campaignEntitiesQuerySchema, req.query, 'query');
    const campaign = await campaignOr404(id);
    const page = await store.campaigns.progress.listEntities(id, {
      done: query.status === 'all' ? undefined : query.status === 'done',
      ownedUnder: query.owner,
      limit: query.limit,
      offset: query.offset,
    });
    const today = service().today();
    const readable = await ctx.readableBy(credentials, page.items);
    const body: CampaignEntitiesResponse = {
      items: readable.map(row => entityProgress(row, campaign, today)),
      totalCount: page.totalCount,
    };
    res.json(body);
  });

  router.get('/entity-campaigns', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const { entityRef } = parseInput(
      entityCampaignsQuerySchema,
      req.query,
      'query',
    );
    const body: EntitiesCampaignsResponse = await readEntitiesCampaigns(
      ctx,
      entityRef,
      credentials,
    );
    res.json(body);
  });

  router.get('/entities/:kind/:namespace/:name/campaigns', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const entityRef = entityRefFromParams(req.params);
    res.json(await readEntityCampaigns(ctx, entityRef, credentials));
  });

  /** A create, update or delete of a portal campaign, audited. */
  function campaignWrite(kind: 'create' | 'update' | 'delete') {
    return async (req: Request, res: Response) => {
      const created = kind === 'create' ? randomUUID() : undefined;
      const body = await ctx.auditedWrite(
        req,
        {
          eventId: `campaign-${kind}`,
          // The id as given: it is checked once the caller is authorised.
          meta: {
            campaignId: created ?? String(req.params.id ?? '').slice(0, 64),
          },
          permission: readinessCampaignManagePermission,
          allow: ['user'],
        },
        async (credentials, audit) => {
          const id =
            created ??
            parseInput(campaignParamsSchema, req.params, 'campaign').id;
          if (service().isFromConfig(id)) {
            throw new NotAllowedError(
              `Campaign ${id} is defined in app-config (readiness.campaigns) and is read-only`,
            );
          }
          const json = await readJsonBody(req, res, 'entity');
          const input =
            kind === 'delete'
              ? null
              : parseInput(campaignInputSchema, json, 'campaign');
          const problem = input && service().targetProblem(input.target);
          if (problem) throw new InputError(`Invalid campaign: ${problem}`);
          const version =
            kind === 'create'
              ? 0
              : expectedVersion(
                  req.header('if-match'),
                  input
                    ? input.version
                    : parseInput(versionBodySchema, json, 'campaign').version,
                );
          // What a campaign asks is kept in the audit log, before and after:
          // campaigns keep no history of their definitions.
          const before = created ? undefined : await service().get(id);
          audit.meta = {
            version,
            ...(before ? { before: auditedDefinition(before) } : {}),
            ...(input ? { after: auditedDefinition(input) } : {}),
          };
          const actor = credentials.principal.userEntityRef;
          let definition = null;
          if (input) {
            const { version: _, ...rest } = input;
            definition = rest;
          }
          // Nothing is stored while the catalog cannot say which entities
          // carry the tags it filters on: the progress task could not
          // compute its progress.
          if (definition) {
            await ctx.fromCatalog(service().assertTagsReadable([definition]));
          }
          const written = await service().writeDefinition(async tx => {
            const campaign = await store.campaigns.definitions.writeCampaign(
              tx,
              id,
              definition,
              actor,
              version,
              service().today(),
              { create: kind === 'create' },
            );
            if (!campaign)
              await store.campaigns.progress.deleteProgress(tx, id);
            return campaign;
          });
          if (!written) return { deleted: id };
          // Computed by the task, not in this request; until then the
          // summary says its progress is pending.
          await startCampaignProgress(ctx.scheduler, ctx.logger);
          const [campaign] = await service().summaries([written]);
          return { campaign };
        },
      );
      res.status(kind === 'create' ? 201 : 200).json(body);
    };
  }

  router.post('/campaigns', campaignWrite('create'));
  router.put('/campaigns/:id', campaignWrite('update'));
  router.delete('/campaigns/:id', campaignWrite('delete'));
}
