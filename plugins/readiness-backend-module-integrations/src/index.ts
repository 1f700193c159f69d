/**
 * Readiness backend module: automatic evidence from integration annotations.
 *
 * @packageDocumentation
 */

export { readinessModuleIntegrations as default } from './module';
export { integrationDetectors } from './detectors';
