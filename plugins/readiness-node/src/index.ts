/**
 * Node library of the readiness plugin: the extension point through which
 * backend modules contribute checks, categories and automatic detectors.
 *
 * @packageDocumentation
 */

export { readinessChecksExtensionPoint } from './extensions';
export type { ReadinessChecksExtensionPoint } from './extensions';
export { readReadinessTaskSchedule } from './taskSchedule';
