import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Campaign, ReadinessModel } from '@prodready/plugin-readiness-common';
import { targetProblem } from './campaignTarget';

/** Refs a campaign's filter names: the entities it asks are theirs. */
const filterRefs = (campaign: Campaign) => [
  ...(campaign.filter.owners ?? []),
  ...(campaign.filter.systems ?? []),
  ...(campaign.filter.domains ?? []),
];

/**
 * Warns of campaigns that went wrong as the organisation changed since
 * they were written: a target the model no longer has (it cannot be
 * reached; its owners are not told of it), and owners, Systems or Domains
 * of the filter the catalog no longer has (they ask no entity). Nothing is
 * changed: a campaign is its author's to mend. A catalog that cannot be
 * read leaves the refs unchecked this time.
 */
export async function warnOfBrokenCampaigns(
  campaigns: Campaign[],
  deps: {
    model: Pick<ReadinessModel, 'levels' | 'checks'>;
    catalog: CatalogService;
    credentials: () => Promise<BackstageCredentials>;
    logger: LoggerService;
  },
): Promise<void> {
  for (const campaign of campaigns) {
    const problem = targetProblem(campaign.target, deps.model);
    if (problem) {
      deps.logger.warn(
        `Readiness campaign '${campaign.id}' cannot be reached: ${problem}; its owners are not told of it until its target is changed`,
      );
    }
  }
  const refs = [...new Set(campaigns.flatMap(filterRefs))];
  if (!refs.length) return;
  let items: unknown[];
  try {
    ({ items } = await deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind'] },
      { credentials: await deps.credentials() },
    ));
  } catch {
    return;
  }
  const missing = new Set(refs.filter((_, i) => !items[i]));
  for (const campaign of campaigns) {
    const gone = filterRefs(campaign).filter(ref => missing.has(ref));
    if (gone.length) {
      deps.logger.warn(
        `Readiness campaign '${campaign.id}' filters on ${gone.join(
          ', ',
        )}, which the catalog no longer has: no entity is asked through ${
          gone.length === 1 ? 'it' : 'them'
        }`,
      );
    }
  }
}
