import { mockServices } from '@backstage/backend-test-utils';
import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { parseReadinessModelConfig } from '@prodready/plugin-readiness-common';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { base, carol, startBackend } from '../__testUtils__/testBackend';
import { FRESHNESS_TASK_ID } from './freshnessSchedule';

jest.setTimeout(60_000);

/** The freshness requirement: an edit reaches its rollups within two minutes. */
const TARGET_MS = 2 * 60 * 1000;

async function scheduledTasks(config?: object) {
  const scheduler = mockServices.scheduler.mock();
  await startBackend({
    scheduler: scheduler.factory,
    ...(config ? { config: { readiness: config } } : {}),
  });
  return scheduler.scheduleTask.mock.calls.map(
    ([task]) => task as SchedulerServiceTaskScheduleDefinition & { id: string },
  );
}

describe('the freshness pass schedule', () => {
  it('runs by default often enough for an edit to reach its rollups within two minutes', async () => {
    const task = (await scheduledTasks()).find(t => t.id === FRESHNESS_TASK_ID);
    const defaults = parseReadinessModelConfig(undefined).freshness;
    expect(defaults.enabled).toBe(true);
    expect(task).toMatchObject({
      scope: 'global',
      frequency: { seconds: defaults.intervalSeconds },
    });
    // Worst case: the edit lands just after a pass read its etag; the next
    // pass starts an interval later and stops at its timeout.
    expect(
      durationToMilliseconds(task!.frequency as HumanDuration) +
        durationToMilliseconds(task!.timeout),
    ).toBeLessThanOrEqual(TARGET_MS);
  });

  it('follows readiness.freshness', async () => {
    const task = (
      await scheduledTasks({ freshness: { intervalSeconds: 30 } })
    ).find(t => t.id === FRESHNESS_TASK_ID);
    expect(task!.frequency).toEqual({ seconds: 30 });
    const off = await scheduledTasks({ freshness: { enabled: false } });
    expect(off.map(t => t.id)).not.toContain(FRESHNESS_TASK_ID);
    expect(off.map(t => t.id)).toContain('readiness-compute');
  });

  it('brings a catalog edit to the scorecard and its rollups through the scheduled tasks', async () => {
    // Runs a task when it is triggered, as the scheduler does on some instance.
    const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.set(task.id, task);
      },
      triggerTask: async id => {
        await tasks.get(id)!.fn(new AbortController().signal);
      },
    });
    const world = editableCatalog(smallOrg());
    const { api } = await startBackend({
      catalog: world.factory,
      scheduler: scheduler.factory,
    });
    const get = async (path: string) =>
      (await api.get(`${base}${path}`).set('Authorization', carol).expect(200))
        .body;
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    // The first pass records the facts of every entity.
    await scheduler.triggerTask(FRESHNESS_TASK_ID);
    const teamA = (await get('/rollups/group/default/team-a')).rollup;

    world.edit('Component', 'cart', meetRunbooks);
    await scheduler.triggerTask(FRESHNESS_TASK_ID);

    const cart = await get('/entities/component/default/cart');
    expect(
      cart.scorecard.checks.find(
        (c: { checkId: string }) => c.checkId === 'support.runbooks',
      ).status,
    ).toBe('met');
    const after = (await get('/rollups/group/default/team-a')).rollup;
    expect(after.aggregate.scoreSum).toBeGreaterThan(teamA.aggregate.scoreSum);
  });
});
