import { InputError } from '@backstage/errors';
import {
  DeleteResultsResponse,
  deleteResultsQuerySchema,
  ImportResponse,
  listProblems,
  importQuerySchema,
  importSchema,
  PushResultsResponse,
  pushResultsSchema,
  readinessAdminPermission,
  ReadinessExport,
  readinessResultCreatePermission,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { z } from 'zod';
import { COMPUTE_TASK_ID, RouteContext } from './RouteContext';
import {
  entityRefFromParams,
  parseInput,
  pathRefAsGiven,
  readJsonBody,
} from './parse';

/** Backup and restore, results pushed by services, and the manual full run. */
export function addAdminRoutes(router: express.Router, ctx: RouteContext) {
  const { store, scheduler, catalog, computation, auth } = ctx;

  // Every answer's note and evidence, every role: audited as a write is.
  router.get('/export', async (req, res) => {
    const body = await ctx.auditedWrite(
      req,
      {
        eventId: 'export',
        meta: {},
        permission: readinessAdminPermission,
        allow: ['user', 'service'],
        read: true,
      },
      async (_credentials, audit): Promise<ReadinessExport> => {
        const records = await store.exportAll();
        const costTables = await store.exportCostTables();
        const exemptions = await store.exportExemptions();
        const campaigns = await store.campaigns.definitions.listCampaigns();
        audit.meta = {
          answers: records.answers.length,
          roles: records.roles.length,
          costTables: costTables.length,
          exemptions: exemptions.length,
          campaigns: campaigns.length,
        };
        return {
          format: 'readiness-export',
          version: 1,
          exportedAt: new Date().toISOString(),
          ...records,
          costTables,
          exemptions,
          campaigns,
        };
      },
    );
    res.json(body);
  });

  /** Names the checks and roles of an import that the model does not have. */
  function assertKnownIds(data: z.output<typeof importSchema>) {
    const unknown = (ids: string[], known: Map<string, unknown>) =>
      [...new Set(ids.filter(id => !known.has(id)))].slice(0, 20);
    const checks = unknown(
      data.answers.map(a => a.checkId),
      ctx.checks,
    );
    const roles = unknown(
      data.roles.map(r => r.roleId),
      ctx.roles,
    );
    const exempted = unknown(
      (data.exemptions ?? []).map(e => e.checkId),
      ctx.checks,
    );
    const problems = [
      checks.length ? `answers: unknown checks ${checks.join(', ')}` : '',
      roles.length ? `roles: unknown roles ${roles.join(', ')}` : '',
      exempted.length
        ? `exemptions: unknown checks ${exempted.join(', ')}`
        : '',
    ].filter(Boolean);
    if (problems.length) {
      throw new InputError(`Invalid import: ${problems.join('; ')}`);
    }
  }

  router.post('/import', async (req, res) => {
    // As asked, for the audit event; the query is checked once authorised.
    const restoreAsked = req.query.restore === 'true';
    const body: ImportResponse = await ctx.auditedWrite(
      req,
      {
        eventId: restoreAsked ? 'import-restore' : 'import',
        meta: { restore: restoreAsked },
        permission: readinessAdminPermission,
        allow: ['user'],
        // Either replaces every answer and role of the organisation.
        severityLevel: 'high',
      },
      async (credentials, audit) => {
        const { restore } = parseInput(importQuerySchema, req.query, 'query');
        const data = parseInput(
          importSchema,
          await readJsonBody(req, res, 'import'),
          'import',
        );
        audit.meta = {
          answers: data.answers.length,
          roles: data.roles.length,
          ...(data.costTables ? { costTables: data.costTables.length } : {}),
          ...(restore && data.exemptions
            ? { exemptions: data.exemptions.length }
            : {}),
          ...(restore && data.campaigns
            ? { campaigns: data.campaigns.length }
            : {}),
        };
        assertKnownIds(data);
        const actor = credentials.principal.userEntityRef;
        const now = new Date().toISOString();
        // Without restore the importer answers and assigns: nobody else's
        // name, and no sign-off, can be carried in by a file.
        const answers = data.answers.map(({ review, ...a }) =>
          restore
            ? { ...a, review }
            : { ...a, answeredBy: actor, answeredAt: now },
        );
        const roles = data.roles.map(r =>
          restore ? r : { ...r, assignedBy: actor, assignedAt: now },
        );
        // Without restore the importer is also who saved the cost tables.
        const costTables = data.costTables?.map(t =>
          restore ? t : { ...t, updatedBy: actor, updatedAt: now },
        );
        // Exemptions (their approvals) and portal campaigns belong to the
        // portal they were made in: a restore brings them back, a move
        // between portals leaves the stored ones as they are.
        const notRestored = restore
          ? []
          : (['exemptions', 'campaigns'] as const).filter(key => data[key]);
        const counts = await store.transaction(async tx => {
          // The entities are scored by the run triggered below, not here.
          await store.forgetRecordTables(tx);
          const result: Omit<ImportResponse, 'restored'> =
            await store.importAll(tx, { answers, roles }, actor);
          if (costTables) {
            result.costTables = await store.importCostTables(
              tx,
              costTables,
              actor,
            );
          }
          if (restore && data.exemptions) {
            result.exemptions = await store.importExemptions(
              tx,
              data.exemptions,
              actor,
            );
          }
          if (restore && data.campaigns) {
            result.campaigns =
              await store.campaigns.definitions.replaceCampaigns(
                tx,
                data.campaigns,
              );
          }
          return result;
        });
        return {
          ...counts,
          ...(notRestored.length ? { notRestored: [...notRestored] } : {}),
          restored: restore,
        };
      },
    );
    // Scores follow from the restored answers at the next computation, started now.
    await scheduler.triggerTask(COMPUTE_TASK_ID).catch(() => undefined);
    res.json(body);
  });

  router.post('/results', async (req, res) => {
    const body: PushResultsResponse = await ctx.auditedWrite(
      req,
      {
        eventId: 'results-push',
        meta: {},
        permission: readinessResultCreatePermission,
        allow: ['service'],
      },
      async (credentials, audit) => {
        const subject = credentials.principal.subject;
        ctx.publishers?.assertIsPublisher(subject);
        const { results } = parseInput(
          pushResultsSchema,
          await readJsonBody(req, res, 'results'),
          'results',
        );
        audit.meta = { count: results.length };
        ctx.publishers?.assertMayPush(
          subject,
          results.map(r => r.checkId),
        );
        const unknown = [
          ...new Set(
            results.map(r => r.checkId).filter(id => !ctx.checks.has(id)),
          ),
        ];
        if (unknown.length) {
          throw new InputError(
            `Invalid results: checkId: unknown checks ${unknown
              .slice(0, 20)
              .join(', ')}`,
          );
        }
        const refs = [...new Set(results.map(r => r.entityRef))];
        const { items } = await ctx.fromCatalog(
          // The plugin's own credentials: a pipeline's token is typically
          // restricted to this plugin, and the push is already authorised.
          catalog.getEntitiesByRefs(
            { entityRefs: refs },
            { credentials: await auth.getOwnServiceCredentials() },
          ),
        );
        const missing = refs.filter((_, i) => !items[i]);
        if (missing.length) {
          throw new InputError(
            `Invalid results: entityRef: ${missing
              .slice(0, 20)
              .join(', ')} not in the catalog`,
          );
        }
        const entities = new Map(refs.map((ref, i) => [ref, items[i]!]));
        const unanswerable = results.flatMap((r, i) => {
          const reason = ctx.unanswerableReason(
            ctx.checks.get(r.checkId)!,
            entities.get(r.entityRef)!,
          );
          return reason
            ? [`results.${i}.checkId: ${reason} (${r.entityRef})`]
            : [];
        });
        if (unanswerable.length) {
          throw new InputError(
            `Invalid results: ${listProblems(unanswerable)}`,
          );
        }
        // Validated as a whole; written and rescored all or nothing.
        await computation.recomputeMany([...entities.values()], tx =>
          store.putResults(tx, results, subject),
        );
        return { accepted: results.length };
      },
    );
    res.status(202).json(body);
  });

  router.delete('/results/:kind/:namespace/:name', async (req, res) => {
    const body: DeleteResultsResponse = await ctx.auditedWrite(
      req,
      {
        eventId: 'results-delete',
        meta: { entityRef: pathRefAsGiven(req.params) },
        permission: readinessResultCreatePermission,
        allow: ['user', 'service'],
      },
      async (credentials, audit) => {
        const { principal } = credentials;
        const actor =
          principal.type === 'user'
            ? principal.userEntityRef
            : principal.subject;
        if (principal.type === 'service') {
          ctx.publishers?.assertIsPublisher(actor);
        }
        const entityRef = entityRefFromParams(req.params);
        audit.meta = { entityRef };
        const { checkId } = parseInput(
          deleteResultsQuerySchema,
          req.query,
          'query',
        );
        // Which checks' results go (every one of the entity's when none).
        if (checkId) audit.meta = { entityRef, checkIds: checkId };
        if (principal.type === 'service') {
          ctx.publishers?.assertMayDelete(actor, checkId);
        }
        const entity = await ctx.fromCatalog(
          catalog.getEntityByRef(entityRef, {
            credentials: await auth.getOwnServiceCredentials(),
          }),
        );
        const remove = (tx: Parameters<typeof store.deleteResults>[0]) =>
          store.deleteResults(tx, entityRef, checkId, actor);
        // An entity gone from the catalog has no scorecard left to rescore.
        const deleted = entity
          ? (await computation.recompute(entity, remove)).result
          : await store.transaction(remove);
        audit.meta = { ...audit.meta, deleted };
        return { deleted };
      },
    );
    res.json(body);
  });

  router.post('/compute', async (req, res) => {
    await ctx.auditedWrite(
      req,
      {
        eventId: 'compute',
        meta: {},
        permission: readinessAdminPermission,
        allow: ['user'],
      },
      async () => scheduler.triggerTask(COMPUTE_TASK_ID),
    );
    res.status(202).json({ triggered: true });
  });
}
