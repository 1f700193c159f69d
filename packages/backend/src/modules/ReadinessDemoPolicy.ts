import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
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
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';

/**
 * The demo portal's policy: everybody reads; owners of an entity (directly or
 * through a group they belong to) edit its answers and roles; members of an
 * admin group do everything (review, import and export, recompute). Anything
 * that is not a readiness permission is allowed, as in a default portal.
 */
export class ReadinessDemoPolicy implements PermissionPolicy {
  constructor(private readonly adminGroups: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('readiness.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (this.adminGroups.some(group => claims.includes(group))) {
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
