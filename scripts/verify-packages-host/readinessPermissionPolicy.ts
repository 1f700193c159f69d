// packages/backend/src/modules/readinessPermissionPolicy.ts
import { createBackendModule } from '@backstage/backend-plugin-api';
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
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';

/** Members of these groups may do everything, including review and import. */
const READINESS_ADMIN_GROUPS = ['group:default/readiness-admins'];

/**
 * Everybody reads scorecards; owners of an entity (directly or through a
 * group they belong to) answer its checks and assign its roles; readiness
 * admins do everything; every other readiness permission is denied.
 */
class ReadinessPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('readiness.')) {
      // The rules of your other plugins go here.
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (READINESS_ADMIN_GROUPS.some(group => claims.includes(group))) {
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
    // readiness.answer.review, readiness.admin, readiness.campaign.manage,
    // readiness.exemption.decide, and readiness.result.create for users
    // (pipelines push results with service credentials).
    return { result: AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'readiness-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ReadinessPermissionPolicy());
      },
    });
  },
});
