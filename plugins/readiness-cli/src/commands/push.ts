import { readFile } from 'node:fs/promises';
import {
  describeIssues,
  normalizeEntityRef,
  pushResultsSchema,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { ReadinessHttpClient } from '../client';
import { InputError } from '@backstage/errors';
import { CliOptions } from '../options';
import { EntitySummary } from '../summary';
import { readEntity } from './readEntity';

/**
 * The push was saved, but reading the entities back failed: exit 3, so that a
 * pipeline does not take it for a refused push and push again.
 */
export class ReadBackError extends Error {
  constructor(cause: unknown) {
    super('the results were pushed, but reading the entities back failed', {
      cause,
    });
  }
}

/**
 * `push <file>`: validates the file as the API would, reads each entity's
 * scorecard, pushes, and reads them again to report the change the push made.
 */
export async function pushCommand(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  options: CliOptions,
): Promise<EntitySummary[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(options.target, 'utf8'));
  } catch (error) {
    throw new InputError(
      `cannot read ${options.target}: ${(error as Error).message}`,
    );
  }
  const parsed = pushResultsSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `${options.target}: ${describeIssues(parsed.error, 'body')}`,
    );
  }
  const refs = [
    ...new Set(
      parsed.data.results.map(r =>
        normalizeEntityRef(r.entityRef, { defaultKind: 'component' }),
      ),
    ),
  ];
  const before = new Map<string, EntitySummary['before']>();
  for (const ref of refs) {
    const { scorecard } = await client.getScorecard(ref);
    before.set(ref, { score: scorecard.score, level: scorecard.level });
  }
  await client.pushResults(parsed.data);
  const summaries: EntitySummary[] = [];
  try {
    for (const ref of refs) {
      summaries.push({
        ...(await readEntity(client, model, ref, options)),
        before: before.get(ref),
      });
    }
  } catch (error) {
    throw new ReadBackError(error);
  }
  return summaries;
}
