import { usePermission } from '@backstage/plugin-permission-react';
import {
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
} from '@prodready/plugin-readiness-common';

/** What the signed-in user may do with an entity's readiness data. */
export interface ReadinessPermissions {
  canAnswer: boolean;
  canAssignRoles: boolean;
  canReview: boolean;
  loading: boolean;
}

/**
 * Asks the permission framework (the same policy the backend enforces) what
 * the user may change on this entity; the UI never guesses from ownership.
 */
export function useReadinessPermissions(
  entityRef: string,
): ReadinessPermissions {
  const answer = usePermission({
    permission: readinessAnswerUpdatePermission,
    resourceRef: entityRef,
  });
  const role = usePermission({
    permission: readinessRoleUpdatePermission,
    resourceRef: entityRef,
  });
  const review = usePermission({
    permission: readinessAnswerReviewPermission,
    resourceRef: entityRef,
  });
  return {
    canAnswer: answer.allowed,
    canAssignRoles: role.allowed,
    canReview: review.allowed,
    loading: answer.loading || role.loading || review.loading,
  };
}
