import { createBackendModule } from '@backstage/backend-plugin-api';
import { ReadinessDetector } from '@prodready/plugin-readiness-common';
import { readinessChecksExtensionPoint } from '@prodready/plugin-readiness-node';

/** A backend module that contributes `detectors` through the extension point, as another package would. */
export function detectorsModule(
  moduleId: string,
  ...detectors: ReadinessDetector[]
) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { checks: readinessChecksExtensionPoint },
        async init({ checks }) {
          checks.addDetectors(...detectors);
        },
      });
    },
  });
}
