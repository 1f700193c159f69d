import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';

/** Who administers what; entity refs of groups, normalised. */
export interface ReadinessPortalPolicyOptions {
  /** `permission.adminGroups`: members may do everything. */
  adminGroups: string[];
  /** `permission.readinessAdminGroups`: members may do everything with readiness data. */
  readinessAdminGroups: string[];
}

/** Dry runs of the catalog import: they write nothing. */
const READ_ONLY_WITHOUT_ACTION: Permission[] = [
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
];

/**
 * The portal's permission policy, the same in the demo and in a deployment.
 *
 * Readiness:
 * - everybody reads scorecards;
 * - owners of an entity (directly or through a group they belong to) answer
 *   its checks and assign its roles, through the catalog's `isEntityOwner`
 *   rule;
 * - members of `permission.readinessAdminGroups` (and of
 *   `permission.adminGroups`) also review answers, import and export,
 *   recompute, record results and decide any exemption
 *   (`readiness.exemption.decide`); nobody else does (the holders of a
 *   check's roles decide its exemptions without it).
 *
 * The catalog and every other plugin:
 * - reading is allowed to everybody: permissions whose action is `read`,
 *   plus the catalog import's dry runs (`catalog.entity.validate`,
 *   `catalog.location.analyze`);
 * - owners may refresh their own entities (`catalog.entity.refresh`, the
 *   entity page's refresh button), which rereads the source and changes
 *   nothing else;
 * - everything else — registering and unregistering entities and locations
 *   (`catalog.entity.create`, `catalog.entity.delete`,
 *   `catalog.location.create`, `catalog.location.delete`),
 *   `catalog.ingestion.manage`, and any create, update or delete of a plugin
 *   added later, or a permission that declares no action — is for members of
 *   `permission.adminGroups` only. A plugin whose users need more gets a rule
 *   here; nothing is allowed by default.
 *
 * Services calling with their own credentials (the catalog, the readiness
 * backend's scheduled runs, a static token with access restrictions) are not
 * subject to this policy: the permission framework lets them through, within
 * the token's restrictions.
 */
export class ReadinessPortalPolicy implements PermissionPolicy {
  constructor(private readonly options: ReadinessPortalPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const claims = user?.info.ownershipEntityRefs ?? [];
    const memberOf = (groups: string[]) =>
      groups.some(group => claims.includes(group));

    if (memberOf(this.options.adminGroups)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.name.startsWith('readiness.')) {
      return this.readiness(permission, claims);
    }
    if (
      permission.attributes.action === 'read' ||
      READ_ONLY_WITHOUT_ACTION.some(p => isPermission(permission, p))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      isPermission(permission, catalogEntityRefreshPermission)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }

  private readiness(permission: Permission, claims: string[]): PolicyDecision {
    if (this.options.readinessAdminGroups.some(g => claims.includes(g))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, readinessScorecardReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      (isPermission(permission, readinessAnswerUpdatePermission) ||
        isPermission(permission, readinessRoleUpdatePermission))
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
