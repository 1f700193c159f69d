import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
  SchedulerServiceTaskScheduleDefinitionConfig,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import { CronTime } from 'cron';

const MINUTE_MS = 60_000;
const KEYS = ['frequency', 'timeout', 'initialDelay', 'scope'];

/**
 * The shortest gap between the next firings of a cron expression, read by
 * the `cron` package as Backstage's scheduler reads it (presets such as
 * `@secondly` included); throws on one it cannot read.
 */
function cronGapMs(expression: string): number {
  const times = new CronTime(expression).sendAt(6).map(t => t.toMillis());
  return Math.min(...times.slice(1).map((time, i) => time - times[i]));
}

/**
 * What makes a readable schedule unfit for a task that reads the whole
 * organisation: a timeout that stops every run before it is done, runs
 * back to back, or a run on every instance instead of one.
 */
function scheduleProblem(
  schedule: SchedulerServiceTaskScheduleDefinition,
): string | undefined {
  if (schedule.scope === 'local') {
    return 'scope: must be global (the default): a local task runs on every instance';
  }
  const { frequency, timeout } = schedule;
  if ('cron' in frequency) {
    let gap: number;
    try {
      gap = cronGapMs(frequency.cron);
    } catch (error) {
      return `frequency.cron: ${(error as Error).message}`;
    }
    if (gap < MINUTE_MS) return 'frequency: must be at least 1 minute';
  } else if (
    !('trigger' in frequency) &&
    durationToMilliseconds(frequency as HumanDuration) < MINUTE_MS
  ) {
    return 'frequency: must be at least 1 minute';
  }
  if (durationToMilliseconds(timeout as HumanDuration) < MINUTE_MS) {
    return 'timeout: must be at least 1 minute';
  }
  return undefined;
}

/**
 * The schedule of a task that reads the whole organisation (the readiness
 * full run, the search collator), from `key` read key by key over
 * `defaults`, as Backstage merges config files: setting only `frequency`
 * keeps the default timeout and initial delay, and a key that is set
 * replaces its default whole. Fails at startup, naming the key, on an
 * unknown key, a value the scheduler cannot read (a malformed cron
 * expression included), a frequency or timeout under a minute (`@secondly`
 * included) and `scope: local`.
 * @public
 */
export function readReadinessTaskSchedule(
  config: Config,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinitionConfig,
): SchedulerServiceTaskScheduleDefinition {
  const values = config.getOptionalConfig(key)?.get<JsonObject>() ?? {};
  const unknown = Object.keys(values).filter(k => !KEYS.includes(k));
  if (unknown.length) {
    throw new Error(
      `Invalid ${key}: unknown key ${unknown.join(', ')} (known: ${KEYS.join(
        ', ',
      )})`,
    );
  }
  let schedule: SchedulerServiceTaskScheduleDefinition;
  try {
    schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({ ...defaults, ...values }),
    );
  } catch (error) {
    throw new Error(`Invalid ${key}: ${(error as Error).message}`);
  }
  const problem = scheduleProblem(schedule);
  if (problem) throw new Error(`Invalid ${key}.${problem}`);
  return schedule;
}
