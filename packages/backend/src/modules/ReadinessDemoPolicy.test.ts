import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  readinessAdminPermission,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';
import { ReadinessDemoPolicy } from './ReadinessDemoPolicy';

const policy = new ReadinessDemoPolicy(['group:default/readiness-admins']);
const user = (ref: string, groups: string[]) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: ref,
    ownershipEntityRefs: [ref, ...groups],
  },
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  token: 'token',
  credentials: {} as any,
});
const alice = user('user:default/alice', ['group:default/payments-team']);
const carol = user('user:default/carol', ['group:default/readiness-admins']);

describe('ReadinessDemoPolicy', () => {
  it('lets everybody read and leaves other plugins alone', async () => {
    expect(
      await policy.handle(
        { permission: readinessScorecardReadPermission },
        alice as any,
      ),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        alice as any,
      ),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets owners edit answers and roles through the catalog isEntityOwner rule', async () => {
    for (const permission of [
      readinessAnswerUpdatePermission,
      readinessRoleUpdatePermission,
    ]) {
      expect(await policy.handle({ permission }, alice as any)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alice', 'group:default/payments-team'],
          },
        },
      });
    }
  });

  it('keeps review and administration for admins', async () => {
    for (const permission of [
      readinessAnswerReviewPermission,
      readinessAdminPermission,
    ]) {
      expect((await policy.handle({ permission }, alice as any)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, carol as any)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });
});
