import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { normalizeEntityRef } from '@prodready/plugin-readiness-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ReadinessPortalPolicy } from './ReadinessPortalPolicy';

/**
 * The group refs at `key`. Anything else fails startup naming the entry: a
 * User's ref would be one of that user's ownership claims, and so quietly
 * make them an administrator.
 */
function groups(config: Config, key: string): string[] {
  return (config.getOptionalStringArray(key) ?? []).map((ref, i) => {
    let normal: string;
    try {
      normal = normalizeEntityRef(ref, { defaultKind: 'group' });
    } catch (error) {
      throw new Error(`Invalid ${key}[${i}]: ${(error as Error).message}`);
    }
    if (!normal.startsWith('group:')) {
      throw new Error(`Invalid ${key}[${i}]: '${ref}' is not a group`);
    }
    return normal;
  });
}

/**
 * Installs {@link ReadinessPortalPolicy}; admin groups come from
 * `permission.adminGroups` and `permission.readinessAdminGroups`.
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'readiness-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new ReadinessPortalPolicy({
            adminGroups: groups(config, 'permission.adminGroups'),
            readinessAdminGroups: groups(
              config,
              'permission.readinessAdminGroups',
            ),
          }),
        );
      },
    });
  },
});
