import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { normalizeEntityRef } from '@prodready/plugin-readiness-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ReadinessPortalPolicy } from './ReadinessPortalPolicy';

function groups(config: Config, key: string): string[] {
  return (config.getOptionalStringArray(key) ?? []).map(ref =>
    normalizeEntityRef(ref, { defaultKind: 'group' }),
  );
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
