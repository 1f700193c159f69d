import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues } from '@prodready/plugin-readiness-common';

/** What a command line asks for, validated. */
export interface CliOptions {
  command: 'check' | 'push';
  /** The entity ref (`check`) or the results file (`push`). */
  target: string;
  url: string;
  token?: string;
  requireLevel?: string;
  /** Gate on this campaign's target instead of (or besides) a level. */
  campaign?: string;
  format: 'human' | 'json' | 'markdown';
  /** Per request attempt, in seconds. */
  timeout: number;
}

export const USAGE = `Usage:
  readiness-cli check <entity-ref> [options]    print the scorecard summary and what is missing
  readiness-cli push <results.json> [options]   push results (the POST /results body) and print the score change

Options:
  --url <url>              Backstage backend base URL (or BACKSTAGE_URL), e.g. https://backstage.example.com
  --token <token>          Backstage token (or BACKSTAGE_TOKEN)
  --require-level <level>  exit 1 when an entity is below this level (e.g. silver)
  --campaign <id>          exit 1 when an entity has not reached this campaign's target
  --format <format>        human (default), json or markdown (for a pull-request comment)
  --timeout <seconds>      per request, 1 to 600 (or READINESS_CLI_TIMEOUT_SECONDS); default 30

Exit codes: 0 passed, 1 below the required level or campaign target, 2 usage or request error,
3 the results were pushed but reading the entities back failed.
`;

/** A command line that cannot run; the message says why. */
export class UsageError extends Error {}

const timeoutError =
  'must be a whole number of seconds from 1 to 600 (--timeout or READINESS_CLI_TIMEOUT_SECONDS)';

/** fetch would refuse such a URL with a message quoting it, password and all. */
function hasCredentials(url: string) {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false; // not a URL: the url check says so
  }
}

const optionsSchema = z.object({
  command: z.enum(['check', 'push'], {
    error: 'the command must be check or push',
  }),
  target: z.string({ error: 'is required' }).min(1, 'is required'),
  url: z
    .url({ error: 'must be an http or https URL (--url or BACKSTAGE_URL)' })
    .refine(u => /^https?:\/\//.test(u), 'must be an http or https URL')
    .refine(
      u => !hasCredentials(u),
      'must not hold a user name or password (--url or BACKSTAGE_URL); give the token with --token or BACKSTAGE_TOKEN',
    )
    .transform(u => u.replace(/\/+$/, '')),
  // A header value fetch would refuse with a message quoting it.
  token: z
    .string()
    .regex(
      /^[\x21-\x7e]+$/,
      'must be printable ASCII without spaces (--token or BACKSTAGE_TOKEN)',
    )
    .optional(),
  requireLevel: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be a level id such as silver')
    .optional(),
  campaign: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'must be a campaign id such as q1-backups',
    )
    .optional(),
  format: z.enum(['human', 'json', 'markdown'], {
    error: 'must be human, json or markdown',
  }),
  timeout: z
    .string()
    .regex(/^\d{1,3}$/, timeoutError)
    .transform(Number)
    .refine(n => n >= 1 && n <= 600, timeoutError),
});

export function parseOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        'require-level': { type: 'string' },
        campaign: { type: 'string' },
        format: { type: 'string', default: 'human' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 2) {
    throw new UsageError(`unexpected argument '${positionals[2]}'`);
  }
  const result = optionsSchema.safeParse({
    command: positionals[0],
    target: positionals[1],
    url: values.url ?? env.BACKSTAGE_URL,
    token: values.token ?? (env.BACKSTAGE_TOKEN || undefined),
    requireLevel: values['require-level'],
    campaign: values.campaign,
    format: values.format,
    timeout: values.timeout ?? (env.READINESS_CLI_TIMEOUT_SECONDS || '30'),
  });
  if (!result.success) {
    throw new UsageError(describeIssues(result.error));
  }
  return result.data;
}
