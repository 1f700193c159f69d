import { notificationsConfigSchema } from '@prodready/plugin-readiness-common';
import { notificationsTaskSchedule } from './notificationSchedule';

describe('notificationsTaskSchedule', () => {
  it('runs on one instance at a time, at the configured interval', () => {
    const schedule = notificationsTaskSchedule(
      notificationsConfigSchema.parse({ intervalMinutes: 30 }),
    );
    expect(schedule.scope).toBe('global');
    expect(schedule.frequency).toEqual({ minutes: 30 });
  });

  it('lets a trigger through a minute after startup, whatever the interval', () => {
    // The scheduler's worker ignores a task, triggered or not, during its
    // initial delay: an hourly task must not wait an hour to be triggerable.
    const schedule = notificationsTaskSchedule(
      notificationsConfigSchema.parse({ intervalMinutes: 60 }),
    );
    const { minutes = 0, seconds = 0 } = schedule.initialDelay as {
      minutes?: number;
      seconds?: number;
    };
    expect(minutes * 60 + seconds).toBeGreaterThan(0);
    expect(minutes * 60 + seconds).toBeLessThanOrEqual(60);
  });
});
