/**
 * The readiness backend plugin.
 *
 * @packageDocumentation
 */

export { readinessPlugin as default } from './plugin';
export { uncompressedCatalogServiceFactory } from './uncompressedCatalogService';
export { schedulerGuard, scopedStaticTokens } from './schedulerGuard';
