import { ReadinessHttpClient } from '../client';
import { CliOptions } from '../options';
import { EntitySummary, summarise } from '../summary';
import { ReadinessModel } from '@prodready/plugin-readiness-common';

/** `check <entity-ref>`: the entity's summary against the required level. */
export async function checkCommand(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  options: CliOptions,
): Promise<EntitySummary[]> {
  const { scorecard, stale } = await client.getScorecard(options.target);
  return [summarise(model, scorecard, stale, options.requireLevel)];
}
