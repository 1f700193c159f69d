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
export { GroupMembership } from './groupMembership';
export * from './permissions';
export * from './validation';
export * from './csv';
export * from './cost';
export * from './exemptions';
export * from './campaigns';
export {
  normalizeEntityRef,
  entityRefOf,
  kindOfRef,
  tryNormalizeEntityRef,
  ownerRefOf,
  systemRefOf,
  domainRefOf,
} from './refs';
export { defaultCategories } from './model/categories';
export { defaultChecks } from './model/checks';
export { readinessKinds } from './model/kinds';
export { defaultLevels } from './model/levels';
export { defaultRoles } from './model/roles';
export type { ReadinessRoleDefinition } from './model/roles';
export { seedIndex } from './model/seed';
export type {
  SeedEntry,
  SeedIndex,
  SeedRevision,
  SeedSection,
} from './model/seed';
export {
  parseReadinessModelConfig,
  readinessModelConfigSchema,
  ReadinessConfigError,
  resolveSnapshotRetention,
} from './model/config';
export type { ReadinessModelConfig, SnapshotRetention } from './model/config';
export { notificationsConfigSchema } from './model/notificationsConfig';
export type { NotificationsConfig } from './model/notificationsConfig';
export { buildReadinessModel } from './model/buildModel';
export type {
  BuildReadinessModelOptions,
  ReadinessContributions,
} from './model/buildModel';
export { nextOwnExpiryOf, ReadinessEngine } from './scoring/engine';
export type {
  EntityScoringInput,
  EntitySummary,
  InheritableReadiness,
  ScoringContext,
} from './scoring/engine';
export type { DetectorFailure } from './scoring/detection';
export {
  answerCountsFromMs,
  dayStartMs,
  pointsFor,
  passesGate,
} from './scoring/points';
export { gapToLevel } from './scoring/levelGap';
export type { LevelGap } from './scoring/levelGap';
export { roleGapsOf } from './scoring/roleGaps';
export type { RoleGap } from './scoring/roleGaps';
export {
  addToAggregate,
  emptyAggregate,
  summarizeAggregate,
} from './scoring/rollupAggregate';
export { GroupHierarchy } from './scoring/groupHierarchy';
export type { GroupNode } from './scoring/groupHierarchy';
export {
  applyMemberChanges,
  computeRollups,
  RollupBuilder,
  RollupChanges,
  rollupRefsOf,
  toRollupMember,
} from './scoring/rollups';
export type {
  MemberChange,
  MemberUpcoming,
  OrgStructure,
  RollupMember,
  RollupsBuilt,
} from './scoring/rollups';
export {
  ownerOutsideReason,
  ownersOutsideOf,
  OWNER_OUTSIDE_REASON_TEXT,
  OWNERS_OUTSIDE_LISTED,
} from './scoring/ownersOutsideGroups';
export type {
  OwnerOutsideGroups,
  OwnerOutsideReason,
  OwnersOutsideGroups,
} from './scoring/ownersOutsideGroups';
export { UpcomingImpactBuilder } from './scoring/upcomingImpact';
export type {
  UpcomingImpact,
  UpcomingImpactReport,
} from './scoring/upcomingImpact';
