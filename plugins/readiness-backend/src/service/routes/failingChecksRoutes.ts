import {
  failingChecksQuerySchema,
  FailingChecksResponse,
  passesGate,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import { parseInput } from './parse';
import { RouteContext } from './RouteContext';
import { SEALED, SealedCursors } from './sealedCursors';

/**
 * Stored scorecards read per query when the catalog decides entity by
 * entity what the caller may read: one catalog request each, however small
 * the page asked for.
 */
const FILTERED_SCAN = 1000;
/**
 * The most such queries a request makes: a caller who may read few entities
 * gets a page with none and a sealed cursor rather than one request that
 * walks the whole organisation.
 */
const MAX_SCANS = 10;

/**
 * Every stored scorecard with the checks it fails, a page at a time in
 * entity-ref order (keyset paging, so a reader that walks the whole
 * organisation — the search collator — costs one indexed range read per
 * page). Only entities the caller may read in the catalog are listed, and
 * the cursor is the last of them: an entity the caller may not read never
 * shows, not even as a cursor. Rows none of which the caller may read are
 * passed over in the same request, {@link FILTERED_SCAN} at a time, at most
 * {@link MAX_SCANS} times; then the cursor is the last row passed over,
 * sealed (see {@link SealedCursors}).
 */
export function addFailingChecksRoutes(
  router: express.Router,
  ctx: RouteContext,
) {
  const cursors = new SealedCursors(ctx.store);
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
    let after = query.after;
    if (after.startsWith(SEALED)) {
      const opened = await cursors.open(after);
      if (opened === undefined) {
        throw new InputError(
          'Invalid query: after: is not a cursor this API gave (start again without it)',
        );
      }
      after = opened;
    }
    for (let scans = 0; scope !== 'none'; scans++) {
      if (scans === MAX_SCANS) {
        body.next = await cursors.seal(after);
        break;
      }
      const rows = await ctx.store.listScorecardStatuses(after, scan);
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
