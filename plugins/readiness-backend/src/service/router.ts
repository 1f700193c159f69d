import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { asCallerError } from './databaseErrors';
import { addAdminRoutes } from './routes/adminRoutes';
import { addCampaignRoutes } from './routes/campaignRoutes';
import { addCostRoutes } from './routes/costRoutes';
import { addEntityRoutes } from './routes/entityRoutes';
import { addExemptionRoutes } from './routes/exemptionRoutes';
import { addFailingChecksRoutes } from './routes/failingChecksRoutes';
import { addHealthRoutes } from './routes/healthRoutes';
import { addOrganisationRoutes } from './routes/organisationRoutes';
import { createRouteContext, RouterOptions } from './routes/RouteContext';
import { addUpcomingRoutes } from './routes/upcomingRoutes';

export { COMPUTE_TASK_ID } from './routes/RouteContext';
export type { RouterOptions } from './routes/RouteContext';

/**
 * The readiness REST API. Each route authorises the caller before it reads a
 * body; every input is validated; errors go to Backstage's error middleware.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const ctx = createRouteContext(options);
  const router = Router();

  addHealthRoutes(router, ctx);
  addEntityRoutes(router, ctx);
  addCostRoutes(router, ctx);
  addExemptionRoutes(router, ctx);
  addOrganisationRoutes(router, ctx);
  addFailingChecksRoutes(router, ctx);
  addUpcomingRoutes(router, ctx);
  addCampaignRoutes(router, ctx);
  addAdminRoutes(router, ctx);

  // Unknown routes get the same JSON error body as every other error.
  router.use(() => {
    throw new NotFoundError('No such readiness route');
  });
  router.use(
    (
      error: unknown,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      next(asCallerError(error));
    },
  );
  return router;
}
