import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  HierarchyProblemsResponse,
  normalizeEntityRef,
  readinessAdminPermission,
  readinessScorecardReadPermission,
  rollupDetailQuerySchema,
  RollupListResponse,
  rollupListQuerySchema,
  ScorecardListResponse,
  scorecardExportQuerySchema,
  scorecardQuerySchema,
} from '@prodready/plugin-readiness-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { ScorecardFilter } from '../../database/ReadinessStore';
import { LAST_RUN_STATE, LastRunState } from '../ReadinessComputation';
import { scorecardsCsv, sendCsv } from '../csv';
import { lastRunOf, RouteContext } from './RouteContext';
import { sendJsonParts, sendWithStoredItems } from './storedJson';
import { entityRefFromParams, parseInput } from './parse';
import { nextDayStart } from './days';
import { listScorecards, readRollup } from './organisationReads';

/** The filters of `GET /scorecards` and `GET /export.csv` as the store takes them. */
function storedFilterOf(query: z.output<typeof scorecardExportQuerySchema>) {
  const { q, owner, entityRef, expiringBy, ...rest } = query;
  const filter: ScorecardFilter = {
    ...rest,
    entityRefs: entityRef,
    owners: owner,
    search: q,
    // Expiring on that day counts: before the next day starts.
    expiringBefore: expiringBy && nextDayStart(expiringBy),
  };
  return filter;
}

/**
 * The rollup whose children `?parent=` asks for, normalised: `none` for the
 * roots, or a ref whose kind defaults to what parents that kind of rollup
 * (a group's parent is a group, a System's a Domain).
 */
function parentOf(
  parent: string | undefined,
  by: 'group' | 'system' | 'domain',
): string | null | undefined {
  if (parent === undefined) return undefined;
  if (parent.toLowerCase() === 'none') return null;
  try {
    return normalizeEntityRef(parent, {
      defaultKind: by === 'group' ? 'group' : 'domain',
    });
  } catch {
    throw new InputError(
      `Invalid query: parent: '${parent.slice(
        0,
        100,
      )}' is neither an entity ref nor none`,
    );
  }
}

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
    const { sort, order, limit, offset, ...filter } = parseInput(
      scorecardQuerySchema,
      req.query,
      'query',
    );
    const body: ScorecardListResponse = await listScorecards(ctx, credentials, {
      ...storedFilterOf(filter),
      sort,
      order,
      limit,
      offset,
    });
    res.json(body);
  });

  router.get('/rollups', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const query = parseInput(rollupListQuerySchema, req.query, 'query');
    const { by, q, asOf, parent, ...rest } = query;
    const parentRef = parentOf(parent, by);
    const listQuery = { ...rest, kind: by, search: q, parent: parentRef };
    if (asOf) {
      const day = await store.snapshotDayOnOrBefore(asOf);
      const page = day
        ? await store.listRollupsAsOf(day, listQuery)
        : { items: [], totalCount: 0 };
      const body: RollupListResponse = { by, ...page, asOf: day, stale: false };
      res.json(body);
      return;
    }
    // The last full run's state is read in the page's query.
    const page = await store.listRollupTexts<LastRunState>(
      listQuery,
      LAST_RUN_STATE,
    );
    const body: Omit<RollupListResponse, 'items'> = {
      by,
      totalCount: page.totalCount,
      ...lastRunOf(page.state),
    };
    await sendWithStoredItems(res, body, page.items, { encoded: ctx.encoded });
  });

  router.get('/rollups/:kind/:namespace/:name', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const rollupRef = entityRefFromParams(req.params);
    const query = parseInput(rollupDetailQuerySchema, req.query, 'query');
    const body = await readRollup(ctx, rollupRef, credentials, query);
    await sendJsonParts(res, [JSON.stringify(body)], { encoded: ctx.encoded });
  });

  /**
   * The pages of the stored scorecards that match and that the caller may
   * read: the permission is asked once, and none is read for a caller who
   * may read no entity.
   */
  async function* readablePages(
    credentials: BackstageCredentials,
    filter: ScorecardFilter,
  ) {
    const scope = await ctx.readScope(credentials);
    if (scope === 'none') return;
    for await (const page of store.streamScorecards(1000, filter)) {
      yield await ctx.readableBy(credentials, page, scope);
    }
  }

  router.get('/export.csv', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const filter = storedFilterOf(
      parseInput(scorecardExportQuerySchema, req.query, 'query'),
    );
    // Nothing is sent before the first page has been read (and filtered by
    // the catalog): an outage then is the documented 503, not a cut-off file.
    await sendCsv(
      res,
      scorecardsCsv(readablePages(credentials, filter), engine.model),
      'readiness-scores.csv',
    );
  });

  router.get('/hierarchy-problems', async (req, res) => {
    await ctx.authorize(req, readinessAdminPermission);
    const state = await store.getState<LastRunState>(LAST_RUN_STATE);
    const body: HierarchyProblemsResponse = {
      problems: state?.hierarchyProblems ?? [],
      problemsTotal:
        state?.hierarchyProblemsTotal ?? state?.hierarchyProblems?.length ?? 0,
      ownersOutsideGroups: state?.ownersOutsideGroups,
      computedAt: state?.finishedAt,
    };
    res.json(body);
  });
}
