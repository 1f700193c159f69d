import { ReadinessCheck } from '../../types';
import { costChecks } from './cost';
import { monitoringChecks } from './monitoring';
import { organisationChecks } from './organisation';
import { recoverabilityChecks } from './recoverability';
import { resiliencyChecks } from './resiliency';
import { scalabilityChecks } from './scalability';
import { securityChecks } from './security';
import { supportChecks } from './support';

/**
 * The built-in checklist, derived from the seed document "Moving to
 * Production" and its Minimum Viable Organisation. Wording is vendor-neutral;
 * the seed's IBM Cloud services appear as examples beside other clouds'.
 * The traceability table from check to seed item is in the package README.
 * One module per category, in the order the categories are listed.
 * @public
 */
export const defaultChecks: ReadinessCheck[] = [
  ...scalabilityChecks,
  ...resiliencyChecks,
  ...monitoringChecks,
  ...recoverabilityChecks,
  ...supportChecks,
  ...organisationChecks,
  ...costChecks,
  ...securityChecks,
];
