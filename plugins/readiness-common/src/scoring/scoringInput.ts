import { Entity } from '@backstage/catalog-model';
import { ReadinessAnswer, ReadinessRoleAssignment } from '../types';
import { CatalogLookup } from '../detectors';
import { CostTable } from '../cost';
import type { ReadinessExemption } from '../exemptions/types';

/**
 * What a System passes down to its components and resources: its own
 * answers and role assignments (portal before annotation).
 * @public
 */
export interface InheritableReadiness {
  entityRef: string;
  domain?: string;
  answers: ReadonlyMap<string, ReadinessAnswer>;
  roles: ReadonlyMap<string, ReadinessRoleAssignment>;
}

/** Everything the engine needs to score one entity. @public */
export interface EntityScoringInput {
  entity: Entity;
  /** Answers stored by the backend (source `portal`). */
  portalAnswers?: ReadinessAnswer[];
  /** Role assignments stored by the backend (source `portal`). */
  portalRoles?: ReadinessRoleAssignment[];
  /** Results pushed by pipelines through the backend (source `automatic`). */
  automaticResults?: ReadinessAnswer[];
  /** The cost table stored by the backend; without it, the `prodready.dev/cost` annotation's. */
  costTable?: CostTable;
  /** The entity's System, for inheritance; see {@link ReadinessEngine.inheritableFrom}. */
  system?: InheritableReadiness;
  /** Its open exemptions (pending, or approved until their end day). */
  exemptions?: ReadinessExemption[];
}

/** @public */
export interface ScoringContext {
  now: Date;
  /**
   * The rest of the catalog. Treated as a snapshot: results that depend only
   * on it and on a System (what the System's parts inherit) are computed once
   * per lookup object and shared, so do not change a lookup while scoring with it.
   */
  catalog: CatalogLookup;
}
