import {
  costTableInputSchema,
  CostTableResponse,
  CostTableWriteResponse,
  DeleteWriteResponse,
  effectiveCostTable,
  entityRefOf,
  readinessAnswerUpdatePermission,
  readinessScorecardReadPermission,
  ScorecardCostTable,
  systemCostAt,
  systemRefOf,
  systemCostQuerySchema,
  SystemCostListResponse,
  versionBodySchema,
} from '@prodready/plugin-readiness-common';
import { Entity } from '@backstage/catalog-model';
import express, { Request, Response } from 'express';
import { z } from 'zod';
import { StoreTransaction } from '../../database/ReadinessStore';
import { RouteContext } from './RouteContext';
import {
  entityRefFromParams,
  expectedVersion,
  parseInput,
  pathRefAsGiven,
  readJsonBody,
} from './parse';
import { shownToCaller } from './systemDetail';

/** Parts of the listed Systems read from the catalog per request. */
const PARTS_PAGE = 500;
/** The parts a System's cost is the sum of: an API's cost annotation is not one. */
const COSTED_PART_KINDS: ReadonlySet<string> = new Set([
  'component',
  'resource',
]);

/**
 * An entity's cost table (the seed's Cost section), read and written like a
 * portal answer: the same permission, an audited write, a 400 naming the
 * field, optimistic concurrency (409 with the current table) and the
 * entity scored again in the write's transaction. And the organisation's
 * cost per user by System, a page of Systems at a time: read from the
 * catalog (annotations) and the stored tables, never the whole organisation.
 */
export function addCostRoutes(router: express.Router, ctx: RouteContext) {
  const { store, computation, catalog } = ctx;
  const costPath = '/entities/:kind/:namespace/:name/cost';

  router.get(costPath, async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const entityRef = entityRefFromParams(req.params);
    await ctx.loadEntity(entityRef, credentials);
    const body: CostTableResponse = {
      costTable: (await store.getCostTable(entityRef)) ?? null,
    };
    res.json(body);
  });

  /** A write to the cost table, audited, then the entity scored again with it. */
  function costWrite<S extends z.ZodType<{ version?: number }>, T>(spec: {
    eventId: string;
    schema: S;
    write: (
      tx: StoreTransaction,
      target: { entityRef: string; actor: string; version: number },
      input: z.output<S>,
    ) => Promise<T>;
    respond: (
      result: T,
      scorecard: CostTableWriteResponse['scorecard'],
    ) => object;
  }) {
    return async (req: Request, res: Response) => {
      const body = await ctx.auditedEntityWrite(
        req,
        {
          eventId: spec.eventId,
          meta: { entityRef: pathRefAsGiven(req.params) },
          permission: readinessAnswerUpdatePermission,
          allow: ['user'],
        },
        () => entityRefFromParams(req.params),
        async (credentials, entityRef, audit) => {
          const input = parseInput(
            spec.schema,
            await readJsonBody(req, res, 'entity'),
            'cost table',
          );
          const version = expectedVersion(
            req.header('if-match'),
            input.version,
          );
          audit.meta = { version };
          const entity = await ctx.loadEntity(entityRef, credentials);
          const actor = credentials.principal.userEntityRef;
          const shown = shownToCaller(ctx, credentials, entity);
          const { result, scorecard } = await computation.recompute(
            entity,
            tx => spec.write(tx, { entityRef, actor, version }, input),
            { writes: 'costs' },
          );
          return spec.respond(result, (await shown)(scorecard!));
        },
      );
      res.json(body);
    };
  }

  router.put(
    costPath,
    costWrite({
      eventId: 'cost-table-update',
      schema: costTableInputSchema,
      write: (tx, t, { version: _, ...table }) =>
        store.putCostTable(tx, t.entityRef, table, t.actor, t.version),
      respond: (costTable, scorecard): CostTableWriteResponse => ({
        costTable,
        scorecard,
      }),
    }),
  );

  router.delete(
    costPath,
    costWrite({
      eventId: 'cost-table-delete',
      schema: versionBodySchema,
      write: (tx, t) =>
        store.deleteCostTable(tx, t.entityRef, t.actor, t.version),
      respond: (_, scorecard): DeleteWriteResponse => ({ scorecard }),
    }),
  );

  router.get('/cost/systems', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const query = parseInput(systemCostQuerySchema, req.query, 'query');
    const fields = [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.title',
      'metadata.annotations',
      'spec.system',
    ];
    // The caller's credentials: only what they may read is listed.
    const page = await ctx.fromCatalog(
      catalog.queryEntities(
        {
          filter: { kind: 'system' },
          orderFields: { field: 'metadata.name', order: 'asc' },
          fields,
          limit: query.limit,
          offset: query.offset,
        },
        { credentials },
      ),
    );
    const systemRefs = page.items.map(entityRefOf);
    const stored = await store.getCostTables(systemRefs);
    const tableOf = (entity: Entity, tables: typeof stored) =>
      effectiveCostTable(entity, tables.get(entityRefOf(entity)));
    // A page of Systems can have thousands of parts: read a page at a time,
    // keeping only their tables.
    const partTables = new Map<string, ScorecardCostTable[]>();
    const uncosted = new Map<string, number>();
    const parts = systemRefs.length
      ? catalog
          .streamEntities(
            {
              filter: {
                'relations.partOf': systemRefs,
                kind: [...COSTED_PART_KINDS],
              },
              fields,
              pageSize: PARTS_PAGE,
            },
            { credentials },
          )
          [Symbol.asyncIterator]()
      : undefined;
    try {
      for (;;) {
        // Only the catalog's own errors are its outage; the store's are not.
        const next = parts && (await ctx.fromCatalog(parts.next()));
        if (!next || next.done) break;
        const partStored = await store.getCostTables(
          next.value.map(entityRefOf),
        );
        for (const part of next.value) {
          const system = systemRefOf(part);
          // Checked here too: a catalog that applies only one of the
          // filter's lists (the in-memory one tests use) sends APIs as well.
          if (!system || !COSTED_PART_KINDS.has(part.kind.toLowerCase())) {
            continue;
          }
          const table = tableOf(part, partStored);
          if (!table) {
            uncosted.set(system, (uncosted.get(system) ?? 0) + 1);
            continue;
          }
          let tables = partTables.get(system);
          if (!tables) partTables.set(system, (tables = []));
          tables.push(table);
        }
      }
    } finally {
      // Stops the catalog's stream when the store fails partway.
      await parts?.return?.();
    }
    const body: SystemCostListResponse = {
      users: query.users,
      items: page.items.map((system, i) =>
        systemCostAt(
          {
            entityRef: systemRefs[i],
            title: system.metadata.title,
            table: tableOf(system, stored),
            parts: partTables.get(systemRefs[i]) ?? [],
            uncostedParts: uncosted.get(systemRefs[i]),
          },
          query.users,
        ),
      ),
      totalCount: page.totalItems,
    };
    res.json(body);
  });
}
