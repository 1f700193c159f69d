import { readFile } from 'node:fs/promises';
import {
  describeIssues,
  MAX_PUSH_BODY_BYTES,
  normalizeEntityRef,
  pushResultsSchema,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { ReadinessHttpClient } from '../client';
import { InputError } from '@backstage/errors';
import { CliOptions } from '../options';
import { EntitySummary } from '../summary';
import { readEntity, readInBatches, withCampaign } from './readEntity';
import { z } from 'zod';

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
 * Refuses, before any request, what the backend would refuse only after
 * the entities were read: checks its model does not have, and a body
 * larger than it reads in one push.
 */
function assertPushable(
  body: z.output<typeof pushResultsSchema>,
  model: ReadinessModel,
  file: string,
) {
  const known = new Set(model.checks.map(c => c.id));
  const unknown = [
    ...new Set(body.results.map(r => r.checkId).filter(id => !known.has(id))),
  ];
  if (unknown.length) {
    throw new InputError(
      `${file}: body.results: unknown checks ${unknown
        .slice(0, 20)
        .join(', ')} (not in the backend's model)`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (bytes > MAX_PUSH_BODY_BYTES) {
    throw new InputError(
      `${file}: the results are ${bytes} bytes as JSON, more than the ${MAX_PUSH_BODY_BYTES} the backend reads in one push; split them into several files`,
    );
  }
}

/**
 * Refs a request names: 25 refs of up to 255 characters keep its URL well
 * under the 16 KB of headers Node's HTTP server reads.
 */
const REFS_PER_READ = 25;

/**
 * The score and level stored for each entity that has a scorecard yet,
 * {@link REFS_PER_READ} entities a request: a push to 1,000 entities asks
 * 40 times, not 1,000, of a backend that limits requests per minute.
 */
async function storedSummaries(client: ReadinessHttpClient, refs: string[]) {
  const items = await readInBatches(refs, REFS_PER_READ, part =>
    client.listScorecards(part),
  );
  return new Map<string, EntitySummary['before']>(
    items.map(({ entityRef, score, level }) => [entityRef, { score, level }]),
  );
}

/**
 * `push <file>`: validates the file as the API would, reads the entities'
 * stored scores, pushes, and reads each scorecard to report the change the
 * push made.
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
  assertPushable(parsed.data, model, options.target);
  const refs = [
    ...new Set(
      parsed.data.results.map(r =>
        normalizeEntityRef(r.entityRef, { defaultKind: 'component' }),
      ),
    ),
  ];
  const before = await storedSummaries(client, refs);
  await client.pushResults(parsed.data);
  const summaries: EntitySummary[] = [];
  try {
    for (const ref of refs) {
      summaries.push({
        ...(await readEntity(client, model, ref, options)),
        before: before.get(ref),
      });
    }
    return await withCampaign(client, model, summaries, options);
  } catch (error) {
    throw new ReadBackError(error);
  }
}
