// packages/backend/src/modules/readinessCompliance.ts
import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessChecksExtensionPoint } from '@prodready/plugin-readiness-node';

export default createBackendModule({
  pluginId: 'readiness',
  moduleId: 'compliance',
  register(reg) {
    reg.registerInit({
      deps: { checks: readinessChecksExtensionPoint },
      async init({ checks }) {
        checks.addCategories({
          id: 'compliance',
          title: 'Compliance',
          description: 'Regulatory evidence is filed.',
        });
        checks.addChecks({
          id: 'compliance.sox-evidence',
          category: 'compliance',
          title: 'SOX evidence filed',
          question: "Is this quarter's SOX evidence filed?",
          guidance: 'Link the evidence folder of the current quarter.',
          weight: 1,
          gate: false,
          level: 'silver',
          appliesTo: ['component', 'system'],
          expiresAfterDays: 92,
          roles: ['security'],
        });
        checks.addDetectors({
          id: 'sox-folder-annotation',
          title: 'SOX evidence folder annotation',
          checkIds: ['compliance.sox-evidence'],
          // A pure function of the entity: no I/O, never throws.
          detect(entity) {
            const url =
              entity.metadata.annotations?.['example.com/sox-evidence'];
            return url?.startsWith('https://')
              ? [
                  {
                    checkId: 'compliance.sox-evidence',
                    status: 'met',
                    evidenceUrl: url,
                    note: 'evidence folder annotated on the entity',
                  },
                ]
              : [];
          },
        });
      },
    });
  },
});
