import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../run';

/**
 * Runs the CLI as a pipeline would, capturing what it prints and the waits
 * between retries (recorded instead of waited).
 */
export async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const waits: number[] = [];
  const code = await run(args, {
    env,
    stdout: text => (stdout += text),
    stderr: text => (stderr += text),
    sleep: async ms => {
      waits.push(ms);
    },
  });
  return { code, stdout, stderr, waits };
}

/**
 * Writes results files (`POST /results` bodies) into a folder of the test
 * file's own, removed once its tests are done.
 */
export function resultsFiles(): (body: object) => string {
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  return body => {
    const file = path.join(dir, `results-${++count}.json`);
    writeFileSync(file, JSON.stringify(body));
    return file;
  };
}
