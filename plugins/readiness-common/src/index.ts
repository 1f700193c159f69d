/**
 * Isomorphic model, scoring engine, annotations and permissions of the
 * readiness plugin family.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './api';
export * from './annotations';
export * from './detectors';
export * from './permissions';
export * from './validation';
export {
  normalizeEntityRef,
  entityRefOf,
  kindOfRef,
  tryNormalizeEntityRef,
} from './refs';
export { defaultCategories } from './model/categories';
export { defaultChecks } from './model/checks';
export { defaultLevels } from './model/levels';
export { defaultRoles } from './model/roles';
export type { ReadinessRoleDefinition } from './model/roles';
export { seedItems } from './model/seed';
export {
  parseReadinessModelConfig,
  readinessModelConfigSchema,
  ReadinessConfigError,
  resolveSnapshotRetention,
} from './model/config';
export type { ReadinessModelConfig, SnapshotRetention } from './model/config';
export { buildReadinessModel } from './model/buildModel';
export type {
  BuildReadinessModelOptions,
  ReadinessContributions,
} from './model/buildModel';
export { ReadinessEngine } from './scoring/engine';
export type {
  EntityScoringInput,
  InheritableReadiness,
  ScoringContext,
} from './scoring/engine';
export { pointsFor, passesGate } from './scoring/points';
export {
  addToAggregate,
  computeRollups,
  emptyAggregate,
  GroupHierarchy,
  rollupRefsOf,
  summarizeAggregate,
  toRollupMember,
} from './scoring/rollups';
export type { GroupNode, OrgStructure, RollupMember } from './scoring/rollups';
