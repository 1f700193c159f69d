import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header the demo app sends to act as another demo user. */
export const DEMO_USER_HEADER = 'x-demo-user';
const USER_NAME = /^[a-z0-9]([-_.a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A demo-only proxy sign-in provider, `demo`: signs in as the catalog user
 * named in the `x-demo-user` header, so the demo can show the difference
 * between an owner and a non-owner without an identity provider. Registered
 * only when `auth.providers.demo` is configured, which app-config.demo.yaml
 * does for `npm start`.
 *
 * Anybody may sign in as anybody with it, so it refuses to run outside
 * development: with `auth.providers.demo` configured and NODE_ENV or
 * `auth.environment` other than `development`, the auth plugin fails to start
 * rather than open a sign-in bypass in a deployment.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has('auth.providers.demo')) {
          return;
        }
        const nodeEnv = process.env.NODE_ENV;
        const authEnv =
          config.getOptionalString('auth.environment') ?? 'development';
        if (nodeEnv !== 'development' || authEnv !== 'development') {
          throw new Error(
            `The demo sign-in provider (auth.providers.demo) lets anybody sign in as any catalog user and runs in development only, ` +
              `but NODE_ENV is '${
                nodeEnv ?? ''
              }' and auth.environment is '${authEnv}'. ` +
              `Remove auth.providers.demo: app-config.demo.yaml is for \`npm start\` only.`,
          );
        }
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: {
                userName: string;
              }) => ({
                profile: { displayName: result.userName },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const userName = String(
                  req.header(DEMO_USER_HEADER) ?? '',
                ).toLocaleLowerCase('en-US');
                if (!USER_NAME.test(userName)) {
                  throw new NotAllowedError(
                    `Send the demo user name in the ${DEMO_USER_HEADER} header`,
                  );
                }
                return { result: { userName } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: {
                  kind: 'user',
                  namespace: 'default',
                  name: result.userName,
                },
              }),
          }),
        });
      },
    });
  },
});
