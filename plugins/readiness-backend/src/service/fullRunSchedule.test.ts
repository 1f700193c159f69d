import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { startBackend } from '../__testUtils__/testBackend';
import { COMPUTE_TASK_ID } from './router';

jest.setTimeout(60_000);

async function fullRunTask(schedule?: object) {
  const scheduler = mockServices.scheduler.mock();
  await startBackend({
    scheduler: scheduler.factory,
    ...(schedule ? { config: { readiness: { schedule } } } : {}),
  });
  const tasks = scheduler.scheduleTask.mock.calls.map(
    ([task]) => task as SchedulerServiceTaskScheduleDefinition & { id: string },
  );
  return tasks.find(t => t.id === COMPUTE_TASK_ID)!;
}

describe('the full run schedule', () => {
  it('runs every 30 minutes for at most 15 by default', async () => {
    expect(await fullRunTask()).toMatchObject({
      frequency: { minutes: 30 },
      timeout: { minutes: 15 },
    });
  });

  it('keeps the default timeout and delay when readiness.schedule sets only the frequency', async () => {
    expect(await fullRunTask({ frequency: { hours: 1 } })).toMatchObject({
      frequency: { hours: 1 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 20 },
    });
    expect(
      await fullRunTask({
        frequency: { cron: '0 * * * *' },
        timeout: { minutes: 40 },
      }),
    ).toMatchObject({
      frequency: { cron: '0 * * * *' },
      timeout: { minutes: 40 },
    });
  });

  it('refuses to start with a schedule it cannot read, naming readiness.schedule', async () => {
    await expect(fullRunTask({ frequency: { minuts: 30 } })).rejects.toThrow(
      /Invalid readiness\.schedule: .*frequency/,
    );
    // Not the default every 30 minutes, silently.
    await expect(fullRunTask({ frequncy: { hours: 6 } })).rejects.toThrow(
      'Invalid readiness.schedule: unknown key frequncy',
    );
  });

  it.each([
    [{ timeout: { seconds: 1 } }, 'timeout: must be at least 1 minute'],
    [{ frequency: { seconds: 5 } }, 'frequency: must be at least 1 minute'],
    [
      { frequency: { cron: '*/10 * * * * *' } },
      'frequency: must be at least 1 minute',
    ],
    [
      { frequency: { cron: '@secondly' } },
      'frequency: must be at least 1 minute',
    ],
    [{ frequency: { cron: '61 * * * *' } }, 'frequency.cron: '],
    [{ scope: 'local' }, 'scope: must be global'],
  ])(
    'refuses to start with a schedule that would never finish a run, run back to back or on every instance: %j',
    async (schedule, message) => {
      await expect(fullRunTask(schedule)).rejects.toThrow(
        `Invalid readiness.schedule.${message}`,
      );
    },
  );

  it('takes a minute, an hour of timeout, a cron expression or a manual trigger', async () => {
    expect(
      await fullRunTask({ frequency: { minutes: 1 }, timeout: { hours: 1 } }),
    ).toMatchObject({ frequency: { minutes: 1 }, timeout: { hours: 1 } });
    expect(
      await fullRunTask({ frequency: { cron: '*/5 * * * *' } }),
    ).toMatchObject({ frequency: { cron: '*/5 * * * *' } });
    // A seconds field naming one second fires once a minute at most.
    expect(
      await fullRunTask({ frequency: { cron: '30 */5 * * * *' } }),
    ).toMatchObject({ frequency: { cron: '30 */5 * * * *' } });
    expect(
      await fullRunTask({ frequency: { trigger: 'manual' } }),
    ).toMatchObject({ frequency: { trigger: 'manual' } });
  });
});
