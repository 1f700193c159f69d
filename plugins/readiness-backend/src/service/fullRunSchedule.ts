import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';

/** The full run's schedule where `readiness.schedule` sets nothing. */
export const FULL_RUN_SCHEDULE_DEFAULTS = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 20 },
} satisfies SchedulerServiceTaskScheduleDefinition;

/**
 * `readiness.schedule`, key by key over the defaults, as Backstage merges
 * config files: a schedule that sets only `frequency` keeps the default
 * timeout and initial delay. A key that is set replaces its default whole
 * (`frequency: { hours: 1 }` is an hour, not an hour and 30 minutes).
 */
export function readFullRunSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const set = config.getOptionalConfig('readiness.schedule');
  if (!set) return FULL_RUN_SCHEDULE_DEFAULTS;
  const merged = new ConfigReader({
    ...FULL_RUN_SCHEDULE_DEFAULTS,
    ...set.get<JsonObject>(),
  });
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(merged);
  } catch (error) {
    throw new Error(`Invalid readiness.schedule: ${(error as Error).message}`);
  }
}
