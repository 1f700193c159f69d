import { createBackendModule } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ReadinessChecksExtensionPoint,
  readinessChecksExtensionPoint,
} from '@prodready/plugin-readiness-node';
import { readinessPlugin } from './plugin';

jest.setTimeout(60_000);

/*
 * The model is built from what modules contribute while the backend starts:
 * a contribution after that must fail, not be silently lost.
 */
describe('the readiness.checks extension point', () => {
  it('refuses a contribution once the plugin has started', async () => {
    let kept: ReadinessChecksExtensionPoint | undefined;
    const lateModule = createBackendModule({
      pluginId: 'readiness',
      moduleId: 'late-detectors',
      register(env) {
        env.registerInit({
          deps: { checks: readinessChecksExtensionPoint },
          async init({ checks }) {
            kept = checks;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        lateModule,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      expect(kept).toBeDefined();
      expect(() =>
        kept!.addDetectors({
          id: 'late',
          title: 'Late',
          checkIds: ['monitoring.metrics'],
          detect: () => [],
        }),
      ).toThrow(
        /addDetectors called after the readiness plugin started; call it from your module's init/,
      );
      expect(() => kept!.addChecks()).toThrow(/addChecks called after/);
      expect(() => kept!.addCategories()).toThrow(/addCategories called after/);
    } finally {
      await backend.stop();
    }
  });
});
