import { isResourcePermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  readinessAdminPermission,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessExemptionDecidePermission,
  readinessPermissions,
  readinessResultCreatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from './permissions';

describe('readiness permissions', () => {
  it('are named readiness.<resource>.<action>, once each', () => {
    const names = readinessPermissions.map(p => p.name);
    expect(names).toEqual([
      'readiness.scorecard.read',
      'readiness.answer.update',
      'readiness.role.update',
      'readiness.answer.review',
      'readiness.result.create',
      'readiness.admin',
      'readiness.campaign.manage',
      'readiness.exemption.decide',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('make writes about one entity resource permissions on the catalog entity', () => {
    for (const permission of [
      readinessAnswerUpdatePermission,
      readinessRoleUpdatePermission,
      readinessAnswerReviewPermission,
      readinessExemptionDecidePermission,
    ]) {
      expect(
        isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY),
      ).toBe(true);
      expect(permission.attributes.action).toBe('update');
    }
    for (const permission of [
      readinessScorecardReadPermission,
      readinessResultCreatePermission,
      readinessAdminPermission,
    ]) {
      expect(isResourcePermission(permission)).toBe(false);
    }
  });
});
