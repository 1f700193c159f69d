import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read scorecards, rollups, history and the model.
 * @public
 */
export const readinessScorecardReadPermission = createPermission({
  name: 'readiness.scorecard.read',
  attributes: { action: 'read' },
});

/**
 * Answer checks of an entity in the portal. A resource permission on the
 * catalog entity, so a policy can answer it conditionally, e.g. with the
 * catalog's `isEntityOwner` rule ("owners of the entity, directly or through
 * a group they belong to").
 * @public
 */
export const readinessAnswerUpdatePermission = createPermission({
  name: 'readiness.answer.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Assign holders of Minimum Viable Organisation roles of an entity.
 * @public
 */
export const readinessRoleUpdatePermission = createPermission({
  name: 'readiness.role.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Sign off (review) an answer of an entity.
 * @public
 */
export const readinessAnswerReviewPermission = createPermission({
  name: 'readiness.answer.review',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Push automatic check results (`POST /results`), for pipelines and services.
 * @public
 */
export const readinessResultCreatePermission = createPermission({
  name: 'readiness.result.create',
  attributes: { action: 'create' },
});

/**
 * Administer readiness data: export and import every answer and role.
 * @public
 */
export const readinessAdminPermission = createPermission({
  name: 'readiness.admin',
  attributes: {},
});

/**
 * Create, edit and delete campaigns in the portal (campaigns in app-config
 * stay read-only).
 * @public
 */
export const readinessCampaignManagePermission = createPermission({
  name: 'readiness.campaign.manage',
  attributes: { action: 'update' },
});

/**
 * Approve or reject exemptions of an entity's checks, beside the holders of
 * each check's responsible roles (who may always) and readiness admins: a
 * policy can give it to a security team, or answer it conditionally with
 * the catalog's rules. Never one's own request.
 * @public
 */
export const readinessExemptionDecidePermission = createPermission({
  name: 'readiness.exemption.decide',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const readinessPermissions = [
  readinessScorecardReadPermission,
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessAnswerReviewPermission,
  readinessResultCreatePermission,
  readinessAdminPermission,
  readinessCampaignManagePermission,
  readinessExemptionDecidePermission,
];
