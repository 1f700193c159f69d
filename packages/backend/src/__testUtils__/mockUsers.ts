/*
 * Users with mock tokens on the real plugins: their ownership (user and
 * groups), which a sign-in resolver would put in the token, comes from a
 * user-info service that knows their memberships. A plugin calling another
 * on a user's behalf carries the calling plugin as the actor, as real tokens
 * do (the mock ones drop it, and the permission backend needs it to answer a
 * plugin's conditional requests for the user).
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/** The demo users' ownership claims, as sign-in would resolve them. */
export const DEMO_MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/payments-team'],
  'user:default/bob': ['group:default/search-team'],
  'user:default/carol': ['group:default/readiness-admins', 'group:default/sre'],
};

/** The user-info service: each user's ref and groups, from `membership`. */
export function mockUserInfo(membership: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } =
          credentials.principal as BackstageUserPrincipal;
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(membership[userEntityRef] ?? []),
          ],
        };
      },
    }),
  });
}

const MOCK_SERVICE_TOKEN = 'mock-service-token:';

/** Mock HTTP auth that keeps the calling plugin as the actor of an on-behalf-of token. */
export const onBehalfOfHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const credentials: HttpAuthService['credentials'] = async (
      req,
      options,
    ) => {
      const found = await inner.credentials(req, options);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token?.startsWith(MOCK_SERVICE_TOKEN)) {
        const { sub, obo } = JSON.parse(token.slice(MOCK_SERVICE_TOKEN.length));
        if (obo) {
          return mockCredentials.user(obo, { actor: { subject: sub } }) as any;
        }
      }
      return found;
    };
    return {
      credentials,
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});
