import {
  readinessScorecardReadPermission,
  UpcomingImpactReport,
} from '@prodready/plugin-readiness-common';
import express from 'express';
import { UPCOMING_IMPACT_STATE } from '../lastRunState';
import { RouteContext } from './RouteContext';

/**
 * What the staged checks (`effectiveFrom`) will do to the organisation on
 * their dates: precomputed by the full run with the rollups and served as
 * stored, like the rollups an aggregate every reader may see.
 */
export function addUpcomingRoutes(router: express.Router, ctx: RouteContext) {
  router.get('/upcoming-impact', async (req, res) => {
    await ctx.authorize(req, readinessScorecardReadPermission);
    const stored = await ctx.store.getState<UpcomingImpactReport>(
      UPCOMING_IMPACT_STATE,
    );
    const body: UpcomingImpactReport = stored ?? { impacts: [] };
    res.json(body);
  });
}
