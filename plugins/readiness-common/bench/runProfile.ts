/*
 * What the engine bench measures besides wall-clock time: the garbage
 * collector's pauses during each run, and a CPU profile of the runs alone
 * (not of the generator) with a summary of where the time goes.
 */
/* eslint-disable no-console */
import { writeFileSync } from 'fs';
import { Session } from 'inspector';
import { PerformanceObserver } from 'perf_hooks';

/**
 * Pauses of the garbage collector on the main thread. Entries arrive on a
 * later turn of the event loop (a timer), so read them only between runs.
 */
export class GcPauses {
  private readonly pauses: { start: number; ms: number }[] = [];
  private readonly observer = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      this.pauses.push({ start: e.startTime, ms: e.duration });
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Milliseconds of pauses that started in [from, to) (performance.now() times). */
  async between(from: number, to: number): Promise<number> {
    await new Promise(resolve => setTimeout(resolve, 100));
    let ms = 0;
    for (const p of this.pauses)
      if (p.start >= from && p.start < to) ms += p.ms;
    return ms;
  }

  stop() {
    this.observer.disconnect();
  }
}

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A CPU profile of what runs between `start()` and `stop(file)`. */
export class RunProfiler {
  private readonly session = new Session();

  /** Starts sampling (the inspector answers synchronously on this thread). */
  start() {
    this.session.connect();
    this.session.post('Profiler.enable');
    this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    this.session.post('Profiler.start');
  }

  /** Stops sampling, writes the `.cpuprofile` (Chrome DevTools) and returns it. */
  stop(file: string): Profile {
    let profile: Profile | undefined;
    this.session.post('Profiler.stop', (error, result) => {
      if (error) throw error;
      profile = result.profile as unknown as Profile;
    });
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return profile!;
  }
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(anonymous)';
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** Prints the share of the garbage collector and the functions with the most self time. */
export function printProfileSummary(profile: Profile, top = 20) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const name = frameName(byId.get(id)!);
    self.set(name, (self.get(name) ?? 0) + us);
  });
  // Idle, and the inspector answering Profiler.stop: not the runs' work.
  const other = ['(idle)', '(program)', 'dispatch'];
  const idle = other.reduce((sum, name) => sum + (self.get(name) ?? 0), 0);
  const busy = total - idle;
  const share = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const gc = self.get('(garbage collector)') ?? 0;
  console.log(
    `Profile of the runs: ${(busy / 1000).toFixed(
      0,
    )} ms sampled, garbage collector ${share(gc)}; most self time:`,
  );
  const rows = [...self]
    .filter(([name]) => !other.includes(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [name, us] of rows) {
    console.log(
      `  ${(us / 1000).toFixed(0).padStart(6)} ms ${share(us).padStart(
        7,
      )}  ${name}`,
    );
  }
}
