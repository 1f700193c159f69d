import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import { Config, ConfigReader } from '@backstage/config';

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
  let schedule: SchedulerServiceTaskScheduleDefinition;
  try {
    schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(merged);
  } catch (error) {
    throw new Error(`Invalid readiness.schedule: ${(error as Error).message}`);
  }
  const problem = scheduleProblem(schedule);
  if (problem) throw new Error(`Invalid readiness.schedule.${problem}`);
  return schedule;
}

const MINUTE_MS = 60_000;

/**
 * Whether a cron expression fires more than once a minute: one with a
 * seconds field (six fields, as the scheduler's cron takes them) that names
 * more than one second.
 */
function cronEverySeconds(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return fields.length === 6 && !/^\d+$/.test(fields[0]);
}

/**
 * What makes a readable schedule unfit for the full run: a timeout that
 * stops every run before it is done, back-to-back runs of the whole
 * organisation, or a run on every instance instead of one.
 */
function scheduleProblem(
  schedule: SchedulerServiceTaskScheduleDefinition,
): string | undefined {
  if (schedule.scope === 'local') {
    return 'scope: must be global (the default): the full run scores the organisation once for every instance';
  }
  const { frequency, timeout } = schedule;
  const interval =
    'cron' in frequency || 'trigger' in frequency
      ? undefined
      : durationToMilliseconds(frequency as HumanDuration);
  if (
    (interval !== undefined && interval < MINUTE_MS) ||
    ('cron' in frequency && cronEverySeconds(frequency.cron))
  ) {
    return 'frequency: must be at least 1 minute';
  }
  if (durationToMilliseconds(timeout as HumanDuration) < MINUTE_MS) {
    return 'timeout: must be at least 1 minute';
  }
  return undefined;
}
