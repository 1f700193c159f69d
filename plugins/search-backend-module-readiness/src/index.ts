/**
 * A Backstage search collator for the readiness plugin.
 *
 * @packageDocumentation
 */

export { searchModuleReadinessCollator as default } from './module';
export { ReadinessCollatorFactory } from './ReadinessCollatorFactory';
export type { ReadinessCollatorFactoryOptions } from './ReadinessCollatorFactory';
export type { ReadinessDocument } from './toDocument';
