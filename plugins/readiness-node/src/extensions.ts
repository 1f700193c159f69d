import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  ReadinessCategory,
  ReadinessCheck,
  ReadinessDetector,
} from '@prodready/plugin-readiness-common';

/**
 * Lets backend modules add checks, categories and automatic detectors to the
 * readiness checklist (for example evidence from an external monitoring
 * system). Contributions are merged before app-config overrides, so a
 * contributed check can still be disabled or reweighted in config. They are
 * validated at startup: a check with the rules of `readiness.checks.custom`,
 * a detector for a unique id and `checkIds` that name existing checks.
 * @public
 */
export interface ReadinessChecksExtensionPoint {
  addCategories(...categories: ReadinessCategory[]): void;
  addChecks(...checks: ReadinessCheck[]): void;
  addDetectors(...detectors: ReadinessDetector[]): void;
}

/** @public */
export const readinessChecksExtensionPoint =
  createExtensionPoint<ReadinessChecksExtensionPoint>({
    id: 'readiness.checks',
  });
