import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import readinessPlugin from '@prodready/plugin-readiness-backend';

/** A pipeline's identity: a service principal may push results. */
export const serviceToken = mockCredentials.service.token({
  onBehalfOf: mockCredentials.service('ci'),
  targetPluginId: 'readiness',
});

/** A user the policy lets do everything (start a full run, say). */
export const adminToken = mockCredentials.user.token('user:default/admin');

/** Restore tests of every Component, by a deadline far ahead. */
export const RESTORE_TESTS = {
  id: 'restore-tests',
  title: 'Restore tests everywhere',
  filter: { kinds: ['component'] },
  target: { checks: ['recoverability.restore-test'] },
  startDate: '2026-01-01',
  deadline: '2099-12-31',
};

/**
 * The real readiness backend on a port, as a pipeline's CLI reaches it,
 * over `entities`, with the campaign {@link RESTORE_TESTS}: services and
 * the admin may do everything, other users read scorecards.
 */
export function startCliBackend(entities: Entity[]) {
  return startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: { readiness: { campaigns: [RESTORE_TESTS] } },
      }),
      mockServices.permissions.mock({
        // Everyone reads every entity in the catalog.
        authorizeConditional: async (requests: any[]) =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorize: async (requests: any[], options: any) =>
          requests.map(r => ({
            result:
              options.credentials.principal.type === 'service' ||
              options.credentials.principal.userEntityRef ===
                'user:default/admin' ||
              r.permission.name === 'readiness.scorecard.read'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
      }).factory,
    ],
  });
}
