/*
 * The scheduler of the bench's backends: it records every scheduled task and
 * runs one only when the bench asks (over the child process's IPC channel),
 * timing the task function itself. The figures are then the full run's and
 * the fact retrieval's own, not the scheduler's polling interval or initial
 * delay, and nothing runs while the other side is measured. A task a plugin
 * triggers itself runs at once; the bench's next command waits for it.
 *
 * The backend API is passed in, so each host uses its own installation
 * (Tech Insights lives in a workspace of its own).
 */
import type {
  coreServices as CoreServices,
  createServiceFactory as CreateServiceFactory,
  SchedulerService,
  SchedulerServiceTaskDescriptor,
  SchedulerServiceTaskFunction,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** A message from the bench to a host. */
export type HostCommand =
  | { id: number; type: 'tasks' }
  | { id: number; type: 'run-task'; pluginId: string; taskId: string }
  | { id: number; type: 'settle' };

/** A host's answer; `started` is sent once the backend listens. */
export type HostMessage =
  | { type: 'started' }
  | { id: number; ok: true; ms?: number; tasks?: string[] }
  | { id: number; ok: false; error: string };

interface RecordedTask {
  fn: SchedulerServiceTaskFunction;
  descriptor: SchedulerServiceTaskDescriptor;
}

const tasks = new Map<string, RecordedTask>();
/** Tasks a plugin triggered itself (a freshness pass asking for a full run), until they end. */
const triggered = new Set<Promise<void>>();

/** Waits until no triggered task runs, so that none runs while the bench measures. */
async function settle() {
  while (triggered.size) await Promise.allSettled([...triggered]);
}
const keyOf = (pluginId: string, taskId: string) => `${pluginId}/${taskId}`;

async function runTask(pluginId: string, taskId: string): Promise<number> {
  const task = tasks.get(keyOf(pluginId, taskId));
  if (!task) throw new Error(`No task ${taskId} of plugin ${pluginId}`);
  const start = process.hrtime.bigint();
  await task.fn(new AbortController().signal);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function schedulerOf(pluginId: string): SchedulerService {
  const scheduleTask: SchedulerService['scheduleTask'] = async task => {
    tasks.set(keyOf(pluginId, task.id), {
      fn: task.fn,
      descriptor: {
        id: task.id,
        scope: task.scope ?? 'global',
        settings: { version: 2 },
      },
    });
  };
  return {
    scheduleTask,
    createScheduledTaskRunner: (
      schedule: SchedulerServiceTaskScheduleDefinition,
    ) => ({ run: task => scheduleTask({ ...schedule, ...task }) }),
    // A trigger from a route (e.g. after an import) runs the task now.
    triggerTask: async id => {
      const run = runTask(pluginId, id).then(
        () => undefined,
        error => console.error(`Task ${pluginId}/${id} failed: ${error}`),
      );
      triggered.add(run);
      run.finally(() => triggered.delete(run));
    },
    cancelTask: async () => {},
    getScheduledTasks: async () =>
      [...tasks.entries()]
        .filter(([key]) => key.startsWith(`${pluginId}/`))
        .map(([, t]) => t.descriptor),
  };
}

/** The scheduler service factory to add to a bench backend. */
export function benchSchedulerFactory(api: {
  createServiceFactory: typeof CreateServiceFactory;
  coreServices: typeof CoreServices;
}) {
  return api.createServiceFactory({
    service: api.coreServices.scheduler,
    deps: { plugin: api.coreServices.pluginMetadata },
    factory: ({ plugin }) => schedulerOf(plugin.getId()),
  });
}

const send = (message: HostMessage) => process.send?.(message);

// A host ends when the bench closes the channel or goes away, even mid-start.
process.on('disconnect', () => process.exit(0));

/** Answers the bench's commands, after telling it the backend has started. */
export function serveBenchCommands() {
  send({ type: 'started' });
  process.on('message', async (command: HostCommand) => {
    try {
      if (command.type === 'tasks') {
        send({ id: command.id, ok: true, tasks: [...tasks.keys()] });
      } else if (command.type === 'settle') {
        await settle();
        send({ id: command.id, ok: true });
      } else {
        await settle();
        const ms = await runTask(command.pluginId, command.taskId);
        send({ id: command.id, ok: true, ms });
      }
    } catch (error) {
      send({ id: command.id, ok: false, error: String(error) });
    }
  });
}
