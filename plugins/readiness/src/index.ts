/**
 * The readiness frontend plugin: the entity readiness tab, roles card and
 * organisation-wide scorecard pages.
 *
 * @packageDocumentation
 */

export {
  readinessPlugin,
  ReadinessPage,
  EntityReadinessContent,
  EntityReadinessCard,
  EntityReadinessRolesCard,
  EntityGroupReadinessCard,
  HomePageMyReadinessCard,
} from './plugin';
export { readinessApiRef } from './api/ReadinessApi';
export type {
  ReadinessApi,
  RollupListQuery,
  ScorecardListQuery,
} from './api/ReadinessApi';
export { ReadinessClient } from './api/ReadinessClient';
export { isReadinessAvailable } from './components/entity/isReadinessAvailable';
