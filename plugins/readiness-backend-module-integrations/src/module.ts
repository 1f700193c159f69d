import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessChecksExtensionPoint } from '@prodready/plugin-readiness-node';
import { integrationDetectors } from './detectors';

/**
 * Turns well-known integration annotations (TechDocs, PagerDuty, Opsgenie,
 * Grafana, Datadog, SonarQube, Vault) and typed links into automatic
 * evidence for readiness checks.
 * @public
 */
export const readinessModuleIntegrations = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'integrations',
  register(reg) {
    reg.registerInit({
      deps: { checks: readinessChecksExtensionPoint },
      async init({ checks }) {
        checks.addDetectors(...integrationDetectors);
      },
    });
  },
});
