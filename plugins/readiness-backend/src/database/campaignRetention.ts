import { AuditorService } from '@backstage/backend-plugin-api';
import { Campaign } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from './ReadinessStore';

const DAY_MS = 86400000;

/** Who a retention deletion names as its writer. */
const RETENTION_ACTOR = 'readiness retention';

/** What the audit log keeps of a campaign retention deleted. */
type DeletedCampaign = Pick<
  Campaign,
  | 'id'
  | 'title'
  | 'description'
  | 'filter'
  | 'target'
  | 'startDate'
  | 'deadline'
  | 'createdBy'
>;

const auditedCampaign = (campaign: Campaign): DeletedCampaign =>
  JSON.parse(
    JSON.stringify({
      id: campaign.id,
      title: campaign.title,
      description: campaign.description,
      filter: campaign.filter,
      target: campaign.target,
      startDate: campaign.startDate,
      deadline: campaign.deadline,
      createdBy: campaign.createdBy,
    }),
  );

/**
 * Deletes the portal campaigns whose deadline passed more than
 * `campaignDays` days before `now` (UTC days), with their progress and
 * burn-up: each campaign keeps a row per entity it asks, and campaigns
 * pile up over the years. Campaigns of app-config (`fromConfig`, their
 * ids) are left to their configuration, with a portal campaign of the same
 * id, whose progress is theirs; the burn-up of one that left it goes once
 * its last line is that old (a configured one's may be that old when no
 * run computed it for as long). Each campaign goes in a transaction of its own under the
 * progress lock every campaign write and computation takes, so a
 * computation sees it whole or not at all; one whose deadline was moved
 * meanwhile stays. What people made, and campaigns keep no history of
 * their definitions: the auditor hears of it (`campaign-retention`, with
 * the candidates) before the first goes, and of each that went (its
 * definition and who made it), also when one fails.
 */
export async function pruneCampaigns(
  store: ReadinessStore,
  campaignDays: number | undefined,
  now: Date,
  auditor?: AuditorService,
  fromConfig: readonly string[] = [],
): Promise<number> {
  if (campaignDays === undefined) return 0;
  const endedBefore = new Date(now.getTime() - campaignDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const { definitions, progress } = store.campaigns;
  await progress.deleteHistoryLastBefore(endedBefore, fromConfig);
  const ended = (await definitions.listCampaigns()).filter(
    c => c.deadline < endedBefore && !fromConfig.includes(c.id),
  );
  if (!ended.length) return 0;
  const event = await auditor?.createEvent({
    eventId: 'campaign-retention',
    severityLevel: 'medium',
    meta: { campaignDays, endedBefore, campaigns: ended.map(c => c.id) },
  });
  const deleted: DeletedCampaign[] = [];
  const outcome = () => ({
    deleted: deleted.length,
    campaignsDeleted: deleted,
  });
  try {
    for (const { id } of ended) {
      const gone = await store.transaction(async tx => {
        await progress.lock(tx);
        const current = await definitions.getCampaign(id, tx);
        if (!current || current.deadline >= endedBefore) return undefined;
        await definitions.writeCampaign(
          tx,
          id,
          null,
          RETENTION_ACTOR,
          current.version,
          now.toISOString().slice(0, 10),
        );
        await progress.deleteProgress(tx, id);
        return current;
      });
      if (gone) deleted.push(auditedCampaign(gone));
    }
  } catch (error) {
    await event?.fail({ error: error as Error, meta: outcome() });
    throw error;
  }
  await event?.success({ meta: outcome() });
  return deleted.length;
}
