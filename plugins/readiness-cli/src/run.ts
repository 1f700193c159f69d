import { ReadinessHttpClient } from './client';
import { checkCommand } from './commands/check';
import { pushCommand } from './commands/push';
import { humanReport } from './formats/human';
import { markdownReport } from './formats/markdown';
import { parseOptions, UsageError, USAGE } from './options';
import { passed } from './summary';

/** Where the CLI reads its environment and writes its output. @public */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs the CLI; resolves to the exit code: 0 passed, 1 below the required
 * level, 2 usage or request error.
 * @public
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    const options = parseOptions(argv, io.env);
    const client = new ReadinessHttpClient(options.url, options.token);
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
    // fetch's own message ("fetch failed") hides the reason in its cause.
    const cause = (error as Error).cause as Error | undefined;
    const message = `${(error as Error).message}${
      cause?.message ? ` (${cause.message})` : ''
    }`;
    io.stderr(
      error instanceof UsageError
        ? `readiness-cli: ${message}\n\n${USAGE}`
        : `readiness-cli: ${message}\n`,
    );
    return 2;
  }
}
