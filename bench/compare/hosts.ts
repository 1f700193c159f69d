/*
 * The bench's child processes: one backend each (catalog, this project,
 * Tech Insights), started with the repository's TypeScript transform, logs
 * to a file, commands over IPC, and memory read from /proc while it runs.
 */
import { ChildProcess, execFileSync, fork } from 'child_process';
import { openSync, readFileSync } from 'fs';
import path from 'path';
import type { HostCommand, HostMessage } from './benchScheduler';
import { BenchEnvironment, ENV_VARIABLE } from './environment';

type Command = HostCommand extends infer C
  ? C extends { id: number }
    ? Omit<C, 'id'>
    : never
  : never;

const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** Resident set size of a live process, current and peak, in MB (Linux). */
export function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Clock ticks a second, the unit of a process's CPU times in /proc. */
let ticksPerSecond: number | undefined;

/** CPU time (user and system) a live process has used, in ms (Linux). */
export function cpuMsOf(pid: number): number {
  ticksPerSecond ??= Number(
    execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }),
  );
  // The command name (field 2) is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export class Host {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (m: HostMessage) => void; reject: (e: Error) => void }
  >();
  private readonly started: Promise<void>;
  private exited?: string;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.started = new Promise((resolve, reject) => {
      child.on('message', (message: HostMessage) => {
        if ('type' in message) {
          resolve();
          return;
        }
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
      });
      child.on('exit', (code, signal) => {
        this.exited = `exited (${signal ?? code})`;
        const error = new Error(`${name} ${this.exited}; see ${logFile}`);
        reject(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
    });
    this.started.catch(() => undefined);
  }

  /** Starts `script` (a .ts file) in `cwd`, which decides where its packages resolve from. */
  static start(options: {
    name: string;
    script: string;
    cwd: string;
    env: BenchEnvironment;
    logDir: string;
    /** Where node's --cpu-prof writes the host's CPU profile on exit; none when absent. */
    profileDir?: string;
  }): Host {
    const logFile = path.join(options.logDir, `${options.name}.log`);
    const log = openSync(logFile, 'a');
    const child = fork(options.script, [], {
      cwd: options.cwd,
      execArgv: [
        '--require',
        NODE_TRANSFORM,
        ...(options.profileDir
          ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
          : []),
      ],
      env: {
        ...process.env,
        [ENV_VARIABLE]: JSON.stringify(options.env),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', log, log, 'ipc'],
    });
    return new Host(options.name, child, logFile);
  }

  async waitStarted(timeoutMs = 300_000) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.started,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`${this.name} did not start; see ${this.logFile}`),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  private request(command: Command): Promise<HostMessage> {
    if (this.exited) {
      return Promise.reject(
        new Error(`${this.name} ${this.exited}; see ${this.logFile}`),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...command, id });
    });
  }

  /** Runs a scheduled task of the host to its end; its duration in ms, timed in the host. */
  async runTask(pluginId: string, taskId: string): Promise<number> {
    const answer = await this.request({ type: 'run-task', pluginId, taskId });
    if (!('ok' in answer) || !answer.ok) {
      throw new Error(
        `${this.name}: ${'error' in answer ? answer.error : 'no answer'}`,
      );
    }
    return answer.ms!;
  }

  /** Settles once no task the host's plugins triggered themselves is running. */
  async settle(): Promise<void> {
    const answer = await this.request({ type: 'settle' });
    if (!('ok' in answer) || !answer.ok) {
      throw new Error(`${this.name}: could not settle`);
    }
  }

  /** The `pluginId/taskId` of every task the host's plugins scheduled. */
  async tasks(): Promise<string[]> {
    const answer = await this.request({ type: 'tasks' });
    return 'ok' in answer && answer.ok ? answer.tasks ?? [] : [];
  }

  rss() {
    return rssOf(this.child.pid!);
  }

  /** CPU time the host has used so far, in ms. */
  cpuMs() {
    return cpuMsOf(this.child.pid!);
  }

  /** Ends the host (closing the channel ends it; a kill if it lingers). */
  async stop() {
    if (this.exited) return;
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
