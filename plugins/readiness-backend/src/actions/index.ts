import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { RouteContext } from '../service/routes/RouteContext';
import { asCallerError } from '../service/databaseErrors';
import { registerCampaignActions } from './campaignActions';
import { registerRollupActions } from './rollupActions';
import { registerScorecardActions } from './scorecardActions';
import { registerWriteActions } from './writeActions';

/**
 * Registers the readiness actions (for AI agents, through
 * `@backstage/plugin-mcp-actions-backend`) on the same route context as the
 * REST API: each action authorises, validates and reads or writes exactly as
 * the route it mirrors.
 */
export function registerReadinessActions(
  actionsRegistry: ActionsRegistryService,
  ctx: RouteContext,
) {
  const registry = answeringAsRoutes(actionsRegistry);
  registerScorecardActions(registry, ctx);
  registerRollupActions(registry, ctx);
  registerWriteActions(registry, ctx);
  registerCampaignActions(registry, ctx);
}

/**
 * The registry, with each action's errors given to the caller as the
 * routes give them ({@link asCallerError}): the actions registry's router
 * does not pass through the readiness router's error mapping.
 */
function answeringAsRoutes(
  registry: ActionsRegistryService,
): ActionsRegistryService {
  return {
    register(options) {
      registry.register({
        ...options,
        action: async context => {
          try {
            return await options.action(context);
          } catch (error) {
            throw asCallerError(error);
          }
        },
      });
    },
  };
}
