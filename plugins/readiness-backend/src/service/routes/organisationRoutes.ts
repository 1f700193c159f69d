import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import {
  HierarchyProblemsResponse,
  kindOfRef,
  readinessAdminPermission,
  readinessScorecardReadPermission,
  RollupDetailResponse,
  rollupDetailQuerySchema,
  RollupKind,
  RollupListResponse,
  rollupListQuerySchema,
  ScorecardListResponse,
  scorecardQuerySchema,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { LAST_RUN_STATE, LastRunState } from '../ReadinessComputation';
import { scorecardsCsv } from '../csv';
import { RouteContext } from './RouteContext';
import { entityRefFromParams, parseInput } from './parse';
import { daysAgo } from './days';

/**
 * The organisation's listings: scorecards, rollups, CSV and hierarchy
 * problems. Rollups are aggregates and are served to every reader; the
 * entities listed are only those the caller may read in the catalog.
 */
export function addOrganisationRoutes(
  router: express.Router,
  ctx: RouteContext,
) {
  const { store, engine } = ctx;

  router.get('/model', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    res.json(engine.model);
  });

  router.get('/scorecards', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const { q, owner, ...rest } = parseInput(
      scorecardQuerySchema,
      req.query,
      'query',
    );
    const page = await store.listScorecards({
      ...rest,
      owners: owner,
      search: q,
    });
    const body: ScorecardListResponse = {
      items: await ctx.readableBy(credentials, page.items),
      totalCount: page.totalCount,
    };
    res.json(body);
  });

  router.get('/rollups', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const query = parseInput(rollupListQuerySchema, req.query, 'query');
    const { by, q, asOf, parent, ...rest } = query;
    let parentRef: string | null | undefined = parent?.toLowerCase();
    if (parentRef === 'none') parentRef = null;
    const listQuery = { ...rest, kind: by, search: q, parent: parentRef };
    let body: RollupListResponse;
    if (asOf) {
      const day = await store.snapshotDayOnOrBefore(asOf);
      const page = day
        ? await store.listRollupsAsOf(day, listQuery)
        : { items: [], totalCount: 0 };
      body = { by, ...page, asOf: day, stale: false };
    } else {
      body = {
        by,
        ...(await store.listRollups(listQuery)),
        ...(await ctx.lastRun()),
      };
    }
    res.json(body);
  });

  router.get('/rollups/:kind/:namespace/:name', async (req, res) => {
    const rollupRef = entityRefFromParams(req.params);
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const query = parseInput(rollupDetailQuerySchema, req.query, 'query');
    const kind = kindOfRef(rollupRef);
    if (kind !== 'group' && kind !== 'system' && kind !== 'domain') {
      throw new InputError(
        `Invalid entity reference: rollups exist for groups, systems and domains, not ${kind}`,
      );
    }
    const trend = await store.getSnapshots(
      rollupRef,
      kind,
      daysAgo(query.days),
    );
    const body = query.asOf
      ? await rollupAsOf(rollupRef, kind, query.asOf, query)
      : await rollupNow(rollupRef, kind, query);
    try {
      body.entities = await ctx.readableBy(credentials, body.entities);
    } catch (error) {
      // The aggregates stay useful while the catalog is away; the entities,
      // whose visibility it decides, are withheld until it is back.
      if (!isError(error) || error.name !== 'ServiceUnavailableError') {
        throw error;
      }
      body.entities = [];
      body.stale = true;
    }
    const response: RollupDetailResponse = { ...body, trend };
    res.json(response);
  });

  type RollupBody = Omit<RollupDetailResponse, 'trend'>;
  type Page = { limit: number; offset: number };

  async function rollupNow(
    rollupRef: string,
    kind: RollupKind,
    page: Page,
  ): Promise<RollupBody> {
    const rollup = (await store.getRollups([rollupRef])).get(rollupRef);
    if (!rollup) {
      throw new NotFoundError(`No rollup of ${rollupRef} has been computed`);
    }
    const children = rollup.children.length
      ? [...(await store.getRollups(rollup.children)).values()]
      : [];
    const filter = {
      group: { owners: [rollupRef] },
      system: { system: rollupRef },
      domain: { domain: rollupRef },
    }[kind];
    const entities = await store.listScorecards({
      ...filter,
      ...page,
      sort: 'score',
    });
    return {
      rollup,
      children,
      entities: entities.items,
      entitiesTotal: entities.totalCount,
      ...(await ctx.lastRun()),
    };
  }

  async function rollupAsOf(
    rollupRef: string,
    kind: RollupKind,
    asOf: string,
    page: Page,
  ): Promise<RollupBody> {
    const day = await store.snapshotDayOnOrBefore(asOf);
    const rollup = day ? await store.getRollupAsOf(day, rollupRef) : undefined;
    if (!day || !rollup) {
      throw new NotFoundError(
        `No snapshot of ${rollupRef} on or before ${asOf}`,
      );
    }
    const children = rollup.children.length
      ? (
          await store.listRollupsAsOf(day, {
            kind: kind === 'domain' ? 'system' : 'group',
            parent: rollupRef,
            limit: 1000,
            offset: 0,
          })
        ).items
      : [];
    const entities =
      kind === 'group'
        ? await store.listEntitiesAsOf(day, rollupRef, page.limit, page.offset)
        : { items: [], totalCount: 0 };
    return {
      rollup,
      children,
      // A snapshot keeps the score and level only.
      entities: entities.items.map(
        (e): ScorecardSummary => ({
          entityRef: e.ref,
          kind: kindOfRef(e.ref),
          owner: e.owner,
          title: e.title,
          score: e.score,
          level: e.level,
          categories: {},
          gateFailures: 0,
          productionBelowGate: false,
          roleProblems: 0,
          computedAt: day,
        }),
      ),
      entitiesTotal: entities.totalCount,
      asOf: day,
      stale: false,
    };
  }

  /** The pages of the stored scorecards that the caller may read. */
  async function* readablePages(credentials: BackstageCredentials) {
    for await (const page of store.streamScorecards(1000)) {
      yield await ctx.readableBy(credentials, page);
    }
  }

  router.get('/export.csv', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="readiness-scores.csv"',
    );
    for await (const chunk of scorecardsCsv(
      readablePages(credentials),
      engine.model,
    )) {
      res.write(chunk);
    }
    res.end();
  });

  router.get('/hierarchy-problems', async (req, res) => {
    await ctx.authorize(req, readinessAdminPermission);
    const state = await store.getState<LastRunState>(LAST_RUN_STATE);
    const body: HierarchyProblemsResponse = {
      problems: state?.hierarchyProblems ?? [],
      computedAt: state?.finishedAt,
    };
    res.json(body);
  });
}
