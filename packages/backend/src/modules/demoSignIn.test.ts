import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import demoSignIn from './demoSignIn';

describe('demo sign-in module', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  async function start(config: object) {
    const registerProvider = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [[authProvidersExtensionPoint, { registerProvider }]],
      features: [demoSignIn, mockServices.rootConfig.factory({ data: config })],
    });
    await backend.stop();
    return registerProvider;
  }

  it('registers the demo provider in development', async () => {
    process.env.NODE_ENV = 'development';
    const registerProvider = await start({
      auth: { environment: 'development', providers: { demo: {} } },
    });
    expect(registerProvider).toHaveBeenCalledWith(
      expect.objectContaining({ providerId: 'demo' }),
    );
  });

  it('registers nothing when auth.providers.demo is not configured', async () => {
    process.env.NODE_ENV = 'development';
    const registerProvider = await start({ auth: { providers: {} } });
    expect(registerProvider).not.toHaveBeenCalled();
  });

  it.each([
    ['production', 'development'],
    ['development', 'production'],
    ['test', 'development'],
  ])(
    'refuses to start with NODE_ENV=%s and auth.environment=%s',
    async (env, environment) => {
      process.env.NODE_ENV = env;
      await expect(
        start({ auth: { environment, providers: { demo: {} } } }),
      ).rejects.toThrow(/runs in development only/);
    },
  );
});
