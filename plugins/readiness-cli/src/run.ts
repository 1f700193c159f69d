import { ReadinessHttpClient } from './client';
import { checkCommand } from './commands/check';
import { pushCommand, ReadBackError } from './commands/push';
import { humanReport } from './formats/human';
import { markdownReport } from './formats/markdown';
import { parseOptions, UsageError, USAGE } from './options';
import { passed } from './summary';

/** Where the CLI reads its environment and writes its output. @public */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Waits between retries of a request; a timer unless given. */
  sleep?(ms: number): Promise<void>;
}

/** An error's message and its cause's: fetch's own ("fetch failed") hides the reason there. */
function describe(error: unknown): string {
  const cause = (error as Error).cause as Error | undefined;
  return `${(error as Error).message}${
    cause?.message ? ` (${cause.message})` : ''
  }`;
}

/**
 * Runs the CLI; resolves to the exit code: 0 passed, 1 below the required
 * level or campaign target, 2 usage or request error, 3 the results were
 * pushed but reading the entities back failed.
 * @public
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let token = io.env.BACKSTAGE_TOKEN;
  try {
    const options = parseOptions(argv, io.env);
    token = options.token;
    const client = new ReadinessHttpClient(options.url, {
      token: options.token,
      timeoutMs: options.timeout * 1000,
      sleep: io.sleep?.bind(io),
    });
    const model = await client.getModel();
    if (
      options.requireLevel &&
      !model.levels.some(l => l.id === options.requireLevel)
    ) {
      throw new UsageError(
        `--require-level: '${
          options.requireLevel
        }' is not a level; the levels are ${model.levels
          .map(l => l.id)
          .join(', ')}`,
      );
    }
    const command = options.command === 'check' ? checkCommand : pushCommand;
    const summaries = await command(client, model, options);
    if (options.format === 'json') {
      io.stdout(
        `${JSON.stringify(
          { passed: passed(summaries), entities: summaries },
          null,
          2,
        )}\n`,
      );
    } else if (options.format === 'markdown') {
      io.stdout(markdownReport(model, summaries));
    } else {
      io.stdout(humanReport(model, summaries));
    }
    return passed(summaries) ? 0 : 1;
  } catch (error) {
    const readBack = error instanceof ReadBackError;
    let message = readBack
      ? `${error.message}: ${describe(error.cause)}`
      : describe(error);
    // Whatever an error quotes, a pipeline's log must not show the token.
    if (token) message = message.split(token).join('<token>');
    io.stderr(
      error instanceof UsageError
        ? `readiness-cli: ${message}\n\n${USAGE}`
        : `readiness-cli: ${message}\n`,
    );
    return readBack ? 3 : 2;
  }
}
