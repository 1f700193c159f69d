import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';

/**
 * A scheduler that runs a task only when the test says so: the tasks the
 * backends schedule, or prepare as runners (the notifications backend its
 * cleaner), are kept, and `run` runs one by id.
 */
export function manualScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const keep = async (task: SchedulerServiceTaskInvocationDefinition) => {
    tasks.set(task.id, task);
  };
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: keep,
    createScheduledTaskRunner: () => ({ run: keep }),
  });
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`task ${id} is not scheduled`);
    await task.fn(new AbortController().signal as any);
  };
  return { factory: scheduler.factory, tasks, run };
}
