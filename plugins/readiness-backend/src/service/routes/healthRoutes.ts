import { ReadinessProbeResponse } from '@prodready/plugin-readiness-common';
import express from 'express';
import { LAST_RUN_STATE, LastRunState } from '../ReadinessComputation';
import { RouteContext } from './RouteContext';
import { completedAtOf } from '../lastRunState';

/**
 * Liveness (`/health`: the process answers) and readiness (`/health/ready`:
 * the database answers, and how old the last full run is). Both are public,
 * as probes carry no credentials.
 */
export function addHealthRoutes(router: express.Router, ctx: RouteContext) {
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/health/ready', async (_req, res) => {
    let state: LastRunState | undefined;
    let reachable = true;
    try {
      state = await ctx.store.getState<LastRunState>(LAST_RUN_STATE);
    } catch (error) {
      reachable = false;
      ctx.logger.warn(
        `Readiness probe: the database cannot be reached: ${error}`,
      );
    }
    // The last run that read the whole catalog: one that lost it half-way
    // leaves the age growing, as one that could not read it at all does.
    const finishedAt = completedAtOf(state);
    const body: ReadinessProbeResponse = {
      status: reachable ? 'ok' : 'unavailable',
      database: reachable ? 'ok' : 'unreachable',
      lastFullRun: {
        finishedAt,
        ageSeconds: finishedAt
          ? Math.round((Date.now() - Date.parse(finishedAt)) / 1000)
          : undefined,
      },
    };
    res.status(reachable ? 200 : 503).json(body);
  });
}
