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
 * page). Only entities the caller may read in the catalog are listed, and
 * the cursor is the last of them: an entity the caller may not read never
 * shows, not even as a cursor. A page none of whose entities the caller
 * may read is passed over in the same request.
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
    const query = parseInput(failingChecksQuerySchema, req.query, 'query');
    const { limit } = query;
    const scope = await ctx.readScope(credentials);
    const body: FailingChecksResponse = { items: [] };
    for (let after = query.after; scope !== 'none'; ) {
      const rows = await ctx.store.listScorecardStatuses(after, limit);
      const page = rows.map(({ checks, ...summary }) => ({
        ...summary,
        failingChecks: Object.entries(checks)
          .filter(([, status]) => !passesGate(status))
          .map(([checkId]) => checkId)
          .sort(),
      }));
      body.items = await ctx.readableBy(credentials, page, scope);
      const last = body.items[body.items.length - 1];
      if (rows.length < limit) break;
      if (last) {
        body.next = last.entityRef;
        break;
      }
      after = rows[rows.length - 1].entityRef;
    }
    res.json(body);
  });
}
