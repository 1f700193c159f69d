/*
 * CPU profiles of a part of a benchmark, taken in-process with the inspector
 * (as `node --cpu-prof` does for a whole process), and their heaviest
 * functions by self time.
 */
import { writeFileSync } from 'fs';
import { Session } from 'inspector';
import path from 'path';

function post(session: Session, method: string, params?: object) {
  return new Promise<any>((resolve, reject) =>
    session.post(method, params, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

/** Runs `fn` under the CPU profiler and writes the profile to `file`, when given. */
export async function profiled<T>(
  file: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post(session, 'Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

/** The heaviest functions of a CPU profile by self time. */
export function topCosts(profile: any, count: number): string[] {
  const byNode = new Map<number, any>();
  for (const node of profile.nodes) byNode.set(node.id, node);
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id: number, i: number) => {
    const frame = byNode.get(id).callFrame;
    const where = frame.url
      ? `${path.basename(frame.url)}:${frame.lineNumber + 1}`
      : 'native';
    const key = `${frame.functionName || '(anonymous)'} ${where}`;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, t]) =>
        `${ms(t).padStart(9)} ${((100 * t) / total)
          .toFixed(1)
          .padStart(5)}%  ${key}`,
    );
}
