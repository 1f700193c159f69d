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
 * Stored scorecards read per query when the catalog decides entity by
 * entity what the caller may read: one catalog request each, however small
 * the page asked for.
 */
const FILTERED_SCAN = 1000;
/**
 * The most such queries a request makes: a caller who may read few entities
 * gets a page with none and a cursor rather than one request that walks
 * the whole organisation.
 */
const MAX_SCANS = 10;

/**
 * Where a page starts: after a ref, and past as many rows after it as a
 * cursor says were passed over. A cursor names the ref the walk was at (the
 * caller's own cursor or a row it was shown) and a count, never a row the
 * caller was not shown.
 */
function positionOf(after: string): { after: string; skip: number } {
  const passed = /^(.*)~(\d{1,9})$/.exec(after);
  return passed
    ? { after: passed[1], skip: Number(passed[2]) }
    : { after, skip: 0 };
}

/**
 * Every stored scorecard with the checks it fails, a page at a time in
 * entity-ref order (keyset paging, so a reader that walks the whole
 * organisation — the search collator — costs one indexed range read per
 * page). Only entities the caller may read in the catalog are listed, and
 * the cursor is the last of them: an entity the caller may not read never
 * shows, not even as a cursor. Rows none of which the caller may read are
 * passed over in the same request, {@link FILTERED_SCAN} at a time, at most
 * {@link MAX_SCANS} times; then the cursor counts the rows passed over (an
 * entity stored meanwhile among them may be missed until the next walk).
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
    const scan = scope === 'all' ? limit : Math.max(limit, FILTERED_SCAN);
    const start = positionOf(query.after);
    let { after, skip } = start;
    let passed = start.skip;
    for (let scans = 0; scope !== 'none'; scans++) {
      if (scans === MAX_SCANS) {
        body.next = `${start.after}~${passed}`;
        break;
      }
      const rows = await ctx.store.listScorecardStatuses(after, scan, skip);
      skip = 0;
      passed += rows.length;
      const page = rows.map(({ checks, ...summary }) => ({
        ...summary,
        failingChecks: Object.entries(checks)
          .filter(([, status]) => !passesGate(status))
          .map(([checkId]) => checkId)
          .sort(),
      }));
      const readable = await ctx.readableBy(credentials, page, scope);
      body.items = readable.slice(0, limit);
      const last = body.items[body.items.length - 1];
      if (last) {
        // More may follow: readable rows left in this scan, or rows after it.
        if (readable.length > limit || rows.length === scan) {
          body.next = last.entityRef;
        }
        break;
      }
      if (rows.length < scan) break;
      after = rows[rows.length - 1].entityRef;
    }
    res.json(body);
  });
}
