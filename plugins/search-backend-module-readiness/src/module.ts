import {
  coreServices,
  createBackendModule,
  SchedulerServiceTaskScheduleDefinitionConfig,
} from '@backstage/backend-plugin-api';
import { readReadinessTaskSchedule } from '@prodready/plugin-readiness-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { ReadinessCollatorFactory } from './ReadinessCollatorFactory';

/** Every ten minutes: readiness moves with answers, not by the second. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinitionConfig = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 3 },
};

/**
 * Adds the readiness collator to Backstage search. Its schedule is
 * `search.collators.readiness.schedule` in app-config.yaml.
 * @public
 */
export const searchModuleReadinessCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'readiness-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        logger,
        discovery,
        auth,
        scheduler,
        indexRegistry,
      }) {
        // Each run pages through every stored scorecard: at most once a
        // minute, on one instance; keys it sets replace the defaults.
        const schedule = readReadinessTaskSchedule(
          config,
          'search.collators.readiness.schedule',
          DEFAULT_SCHEDULE,
        );
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new ReadinessCollatorFactory({ discovery, auth, logger }),
        });
      },
    });
  },
});
