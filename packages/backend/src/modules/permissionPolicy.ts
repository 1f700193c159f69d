import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { normalizeEntityRef } from '@prodready/plugin-readiness-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ReadinessDemoPolicy } from './ReadinessDemoPolicy';

/** Installs {@link ReadinessDemoPolicy}; admin groups come from `readiness.demo.adminGroups`. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'readiness-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const adminGroups = (
          config.getOptionalStringArray('permission.readinessAdminGroups') ?? []
        ).map(ref => normalizeEntityRef(ref, { defaultKind: 'group' }));
        policy.setPolicy(new ReadinessDemoPolicy(adminGroups));
      },
    });
  },
});
