import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { RouteContext } from '../service/routes/RouteContext';
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
  registry: ActionsRegistryService,
  ctx: RouteContext,
) {
  registerScorecardActions(registry, ctx);
  registerRollupActions(registry, ctx);
  registerWriteActions(registry, ctx);
  registerCampaignActions(registry, ctx);
}
