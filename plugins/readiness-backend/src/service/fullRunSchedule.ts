import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { readReadinessTaskSchedule } from '@prodready/plugin-readiness-node';

/** The full run's schedule where `readiness.schedule` sets nothing. */
export const FULL_RUN_SCHEDULE_DEFAULTS = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 20 },
} satisfies SchedulerServiceTaskScheduleDefinition;

/**
 * `readiness.schedule` over the defaults; startup fails naming the key on
 * a schedule that would never finish a run, run back to back or on every
 * instance (see readReadinessTaskSchedule).
 */
export function readFullRunSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  return readReadinessTaskSchedule(
    config,
    'readiness.schedule',
    FULL_RUN_SCHEDULE_DEFAULTS,
  );
}
