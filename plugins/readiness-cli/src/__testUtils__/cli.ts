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
