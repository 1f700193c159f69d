import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseReadinessModelConfig } from '@prodready/plugin-readiness-common';
import { FreshnessPass } from './freshnessPass';

/** The scheduler task of the freshness pass. */
export const FRESHNESS_TASK_ID = 'readiness-freshness';

/** `readiness.freshness`: whether the pass runs, and how often. */
export interface FreshnessConfig {
  enabled: boolean;
  intervalSeconds: number;
}

/** Reads `readiness.freshness`, with the defaults and bounds of the common config schema. */
export function readFreshness(raw: unknown): FreshnessConfig {
  return parseReadinessModelConfig(raw).freshness;
}

/**
 * When the pass runs: every interval, on one backend instance at a time
 * (a global task), for at most half the interval; what a pass has not
 * reached by then (a mass change) is left to the next one. So an edit
 * reaches its scorecard and rollups within one and a half intervals.
 */
export function freshnessTaskSchedule(
  config: FreshnessConfig,
): SchedulerServiceTaskScheduleDefinition {
  return {
    frequency: { seconds: config.intervalSeconds },
    timeout: { seconds: Math.ceil(config.intervalSeconds / 2) },
    initialDelay: { seconds: config.intervalSeconds },
    scope: 'global',
  };
}

/**
 * Schedules the freshness pass unless `readiness.freshness.enabled` is
 * false. When a pass asks for the full run, the full run's task is
 * triggered; if it is running already, a later pass triggers it again until
 * a run that started after the request has finished.
 */
export async function scheduleFreshnessPass(options: {
  scheduler: SchedulerService;
  /** The raw `readiness` config. */
  config: unknown;
  pass: FreshnessPass;
  fullRunTaskId: string;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, pass, logger } = options;
  const freshness = readFreshness(options.config);
  if (!freshness.enabled) {
    logger.info(
      'Readiness freshness pass off (readiness.freshness.enabled: false): catalog edits wait for the full run',
    );
    return;
  }
  await scheduler.scheduleTask({
    id: FRESHNESS_TASK_ID,
    ...freshnessTaskSchedule(freshness),
    fn: async signal => {
      const result = await pass.run({ signal });
      if (!result.fullRunNeeded) return;
      try {
        await scheduler.triggerTask(options.fullRunTaskId);
      } catch (error) {
        // Running already (ConflictError): the next pass asks again.
        if ((error as Error).name !== 'ConflictError') {
          logger.warn(`Readiness could not trigger the full run: ${error}`);
        }
      }
    },
  });
}
