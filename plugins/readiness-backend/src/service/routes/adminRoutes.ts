import { InputError } from '@backstage/errors';
import {
  DeleteResultsResponse,
  deleteResultsQuerySchema,
  ImportResponse,
  listProblems,
  importQuerySchema,
  DEFAULT_IMPORT_MEGABYTES,
  importSchemasWithin,
  MAX_IMPORTED_RECORDS,
  PushResultsResponse,
  pushResultsSchema,
  readinessAdminPermission,
  readinessResultCreatePermission,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { COMPUTE_TASK_ID, RouteContext } from './RouteContext';
import { assertImportable, writeImport } from './backupImport';
import { backupJson, EXPORT_PAGE_SIZE, ExportCounts } from './backupExport';
import { sendChunks } from '../streamedReply';
import {
  entityRefFromParams,
  parseInput,
  pathRefAsGiven,
  readJsonBody,
} from './parse';

/** Backup and restore, results pushed by services, and the manual full run. */
export function addAdminRoutes(router: express.Router, ctx: RouteContext) {
  const { store, scheduler, catalog, computation, auth } = ctx;
  const limits = ctx.backup ?? {
    maxImportRecords: MAX_IMPORTED_RECORDS,
    maxImportMegabytes: DEFAULT_IMPORT_MEGABYTES,
  };
  const schemas = importSchemasWithin(limits.maxImportRecords);

  // Every answer's note and evidence, every role: audited as a write is.
  // Streamed a page at a time (see backupJson).
  router.get('/export', async (req, res) => {
    await ctx.auditedWrite(
      req,
      {
        eventId: 'export',
        meta: {},
        permission: readinessAdminPermission,
        allow: ['user', 'service'],
        read: true,
      },
      async (_credentials, audit) => {
        const counts: ExportCounts = {
          answers: 0,
          roles: 0,
          costTables: 0,
          exemptions: 0,
          campaigns: 0,
        };
        // Every page from one view of the database: a write or import
        // meanwhile is in the backup whole or not at all.
        const sent = await store
          .readSnapshot(tx =>
            sendChunks(
              res,
              backupJson(
                store.exportPages(EXPORT_PAGE_SIZE, tx),
                () => store.campaigns.definitions.listCampaigns(tx),
                counts,
                new Date().toISOString(),
              ),
              { 'Content-Type': 'application/json; charset=utf-8' },
            ),
          )
          .finally(() => {
            // What was read for the client (up to a page more than it got).
            audit.meta = { ...counts };
          });
        if (!sent) {
          throw new Error('The client went away before the backup was sent');
        }
      },
    );
  });

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
          restore ? schemas.importRestoreSchema : schemas.importSchema,
          await readJsonBody(req, res, 'import', {
            megabytes: limits.maxImportMegabytes,
            setting: 'readiness.backup.maxImportMegabytes',
          }),
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
        assertImportable(ctx, data, restore);
        return writeImport(ctx, data, {
          restore,
          actor: credentials.principal.userEntityRef,
        });
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
        await computation.recomputeMany(
          [...entities.values()],
          tx => store.putResults(tx, results, subject),
          { writes: 'results' },
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
        } else if ((await ctx.readScope(credentials)) !== 'all') {
          // A user deletes only what they may read in the catalog (a 404 as
          // for an entity not there); one gone from it, which the catalog
          // can no longer decide on, is left to those who may read every one.
          await ctx.loadEntity(entityRef, credentials);
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
          ? (await computation.recompute(entity, remove, { writes: 'results' }))
              .result
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
