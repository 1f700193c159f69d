import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { ReadinessHttpClient } from '../client';
import { CliOptions } from '../options';
import { EntitySummary } from '../summary';
import { readEntity, withCampaign } from './readEntity';

/** `check <entity-ref>`: the entity's summary against the required level or campaign. */
export async function checkCommand(
  client: ReadinessHttpClient,
  model: ReadinessModel,
  options: CliOptions,
): Promise<EntitySummary[]> {
  const summary = await readEntity(client, model, options.target, options);
  return withCampaign(client, model, [summary], options);
}
