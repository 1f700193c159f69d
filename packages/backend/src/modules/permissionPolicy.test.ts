import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionPolicy from './permissionPolicy';

jest.setTimeout(60_000);

/*
 * The admin groups of the portal's policy: a ref that is not a Group's
 * fails startup naming the entry. A User's ref would be among that user's
 * ownership claims, and so make them an administrator without anyone
 * noticing.
 */
describe('the admin groups of the portal policy', () => {
  const start = (permission: object) =>
    startTestBackend({
      features: [
        permissionPlugin,
        permissionPolicy,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true, ...permission } },
        }),
      ],
    });

  it.each([
    [
      { adminGroups: ['portal-admins', 'user:default/alice'] },
      "Invalid permission.adminGroups[1]: 'user:default/alice' is not a group",
    ],
    [
      { readinessAdminGroups: ['group:default/'] },
      'Invalid permission.readinessAdminGroups[0]: ',
    ],
  ])('refuses %j, naming the entry', async (permission, message) => {
    await expect(start(permission)).rejects.toThrow(message);
  });

  it('takes group refs, with or without their kind', async () => {
    const started = start({
      adminGroups: ['portal-admins'],
      readinessAdminGroups: ['group:default/readiness-admins'],
    });
    await expect(started).resolves.toBeDefined();
    await (await started).stop();
  });
});
