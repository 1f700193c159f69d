import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  readinessAdminPermission,
  readinessAnswerReviewPermission,
  readinessAnswerUpdatePermission,
  readinessExemptionDecidePermission,
  readinessResultCreatePermission,
  readinessRoleUpdatePermission,
  readinessScorecardReadPermission,
} from '@prodready/plugin-readiness-common';
import { ReadinessPortalPolicy } from './ReadinessPortalPolicy';

const policy = new ReadinessPortalPolicy({
  adminGroups: ['group:default/portal-admins'],
  readinessAdminGroups: ['group:default/readiness-admins'],
});
const user = (ref: string, groups: string[]): PolicyQueryUser =>
  ({
    identity: {
      type: 'user',
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...groups],
    },
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
    token: 'token',
    credentials: {},
  } as unknown as PolicyQueryUser);
const alice = user('user:default/alice', ['group:default/payments-team']);
const carol = user('user:default/carol', ['group:default/readiness-admins']);
const dana = user('user:default/dana', ['group:default/portal-admins']);

const ownedByAlice = {
  rule: 'IS_ENTITY_OWNER',
  resourceType: 'catalog-entity',
  params: { claims: ['user:default/alice', 'group:default/payments-team'] },
};

const catalogWrites = [
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogIngestionManagePermission,
];

describe('ReadinessPortalPolicy', () => {
  it('lets everybody read scorecards and the catalog', async () => {
    for (const permission of [
      readinessScorecardReadPermission,
      catalogEntityReadPermission,
      catalogLocationReadPermission,
      catalogEntityValidatePermission,
      catalogLocationAnalyzePermission,
    ]) {
      expect(await policy.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets owners edit answers and roles through the catalog isEntityOwner rule', async () => {
    for (const permission of [
      readinessAnswerUpdatePermission,
      readinessRoleUpdatePermission,
    ]) {
      expect(await policy.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: ownedByAlice,
      });
    }
  });

  it('keeps review, results and administration for readiness and portal admins', async () => {
    for (const permission of [
      readinessAnswerReviewPermission,
      readinessResultCreatePermission,
      readinessAdminPermission,
      // Owners decide their exemptions by holding a check's role, not by it.
      readinessExemptionDecidePermission,
    ]) {
      expect((await policy.handle({ permission }, alice)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, carol)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await policy.handle({ permission }, dana)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('keeps changes to the catalog for portal admins', async () => {
    for (const permission of catalogWrites) {
      expect((await policy.handle({ permission }, alice)).result).toBe(
        AuthorizeResult.DENY,
      );
      // Readiness administration does not extend to the catalog.
      expect((await policy.handle({ permission }, carol)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, dana)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await policy.handle({ permission })).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('lets owners refresh their own entities', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityRefreshPermission },
        alice,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: ownedByAlice,
    });
    expect(
      (
        await policy.handle(
          { permission: catalogEntityRefreshPermission },
          dana,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('denies writes of other plugins, and permissions without an action, to non-admins', async () => {
    for (const permission of [
      createPermission({
        name: 'other.thing.create',
        attributes: { action: 'create' },
      }),
      createPermission({
        name: 'other.thing.update',
        attributes: { action: 'update' },
      }),
      createPermission({
        name: 'other.thing.delete',
        attributes: { action: 'delete' },
      }),
      createPermission({ name: 'other.thing.use', attributes: {} }),
    ]) {
      expect((await policy.handle({ permission }, alice)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, dana)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
    expect(
      (
        await policy.handle(
          {
            permission: createPermission({
              name: 'other.thing.read',
              attributes: { action: 'read' },
            }),
          },
          alice,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
