import {
  failingChecksQuerySchema,
  FailingChecksResponse,
  passesGate,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { parseInput } from './parse';
import { RouteContext } from './RouteContext';

/**
 * Every stored scorecard with the checks it fails, a page at a time in
 * entity-ref order (keyset paging, so a reader that walks the whole
 * organisation — the search collator — costs one indexed range read per
 * page). Only entities the caller may read in the catalog are listed.
 */
export function addFailingChecksRoutes(
  router: express.Router,
  ctx: RouteContext,
) {
  router.get('/scorecards/failing-checks', async (req, res) => {
    const credentials = await ctx.authorize(
      req,
      readinessScorecardReadPermission,
    );
    const { after, limit } = parseInput(
      failingChecksQuerySchema,
      req.query,
      'query',
    );
    const rows = await ctx.store.listScorecardStatuses(after, limit);
    const items = rows.map(({ checks, ...summary }) => ({
      ...summary,
      failingChecks: Object.entries(checks)
        .filter(([, status]) => !passesGate(status))
        .map(([checkId]) => checkId)
        .sort(),
    }));
    const body: FailingChecksResponse = {
      items: await ctx.readableBy(credentials, items),
      next: rows.length === limit ? rows[rows.length - 1].entityRef : undefined,
    };
    res.json(body);
  });
}
