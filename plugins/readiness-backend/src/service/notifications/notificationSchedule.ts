import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { NotificationsConfig } from '@prodready/plugin-readiness-common';
import { NotificationSweep } from './NotificationSweep';

/**
 * The scheduler task of the notices. Being a scheduler task, it can also be
 * started at once through the scheduler's own endpoint,
 * `POST /api/readiness/.backstage/scheduler/v1/tasks/readiness-notifications/trigger`.
 */
export const NOTIFICATIONS_TASK_ID = 'readiness-notifications';

/**
 * Every `intervalMinutes`, on one backend instance at a time; the first a
 * minute after startup (the scheduler's worker does not look at a task,
 * triggered or not, before its initial delay).
 */
export function notificationsTaskSchedule(
  config: NotificationsConfig,
): SchedulerServiceTaskScheduleDefinition {
  return {
    frequency: { minutes: config.intervalMinutes },
    timeout: { minutes: Math.max(config.intervalMinutes, 10) },
    initialDelay: { minutes: 1 },
    scope: 'global',
  };
}

/** Schedules the notices unless `readiness.notifications.enabled` is false. */
export async function scheduleNotifications(options: {
  scheduler: SchedulerService;
  config: NotificationsConfig;
  sweep: NotificationSweep;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, config, sweep, logger } = options;
  if (!config.enabled) {
    logger.info(
      'Readiness notifications off (readiness.notifications.enabled: false)',
    );
    return;
  }
  await scheduler.scheduleTask({
    id: NOTIFICATIONS_TASK_ID,
    ...notificationsTaskSchedule(config),
    fn: async signal => {
      const result = await sweep.run({ signal });
      if (result.sent || result.failed || result.cleared) {
        logger.info(
          `Readiness notices: ${result.sent} sent, ${result.failed} failed, ${result.cleared} cleared, over ${result.entities} entities (${result.scored} evaluated again)`,
        );
      }
    },
  });
}
