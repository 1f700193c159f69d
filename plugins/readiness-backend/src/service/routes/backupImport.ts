import { InputError } from '@backstage/errors';
import {
  ImportResponse,
  importSchema,
} from '@prodready/plugin-readiness-common';
import { z } from 'zod';
import { RouteContext } from './RouteContext';
import { startCampaignProgress } from '../campaigns/campaignProgressTask';

type ImportData = z.output<typeof importSchema>;

/** At most this many ids are named per problem. */
const NAMED = 20;

/** The first {@link NAMED} of `ids` that `known` lacks, each once. */
const unknown = (ids: string[], known: Map<string, unknown>) =>
  [...new Set(ids.filter(id => !known.has(id)))].slice(0, NAMED);

/**
 * The checks and roles a restore's records name that the model does not
 * have (a check disabled since the backup was taken): restored as they
 * are, as the database keeps them when a check is disabled, for when it
 * comes back. Scoring leaves them out.
 */
function outsideModel(ctx: RouteContext, data: ImportData) {
  const checks = unknown(
    [...data.answers, ...(data.exemptions ?? [])].map(r => r.checkId),
    ctx.checks,
  );
  const roles = unknown(
    data.roles.map(r => r.roleId),
    ctx.roles,
  );
  return checks.length || roles.length ? { checks, roles } : undefined;
}

/**
 * Refuses, naming them, the checks and roles of an import (not a restore)
 * that the model does not have: a file from another portal, or a typo. For
 * a restore, which brings back a portal's own backup exactly, refuses
 * campaigns whose id an app-config campaign has or whose target the model
 * cannot measure.
 */
export function assertImportable(
  ctx: RouteContext,
  data: ImportData,
  restore: boolean,
) {
  const problems: string[] = [];
  if (!restore) {
    const checks = unknown(
      data.answers.map(a => a.checkId),
      ctx.checks,
    );
    const roles = unknown(
      data.roles.map(r => r.roleId),
      ctx.roles,
    );
    if (checks.length) {
      problems.push(`answers: unknown checks ${checks.join(', ')}`);
    }
    if (roles.length) problems.push(`roles: unknown roles ${roles.join(', ')}`);
  } else {
    (data.campaigns ?? []).forEach((campaign, i) => {
      if (ctx.campaigns?.isFromConfig(campaign.id)) {
        problems.push(
          `campaigns.${i}.id: ${campaign.id} is an app-config campaign's`,
        );
      }
      const target = ctx.campaigns?.targetProblem(campaign.target);
      if (target) problems.push(`campaigns.${i}.target: ${target}`);
    });
  }
  const named = problems.slice(0, NAMED);
  if (named.length) {
    throw new InputError(`Invalid import: ${named.join('; ')}`);
  }
}

/**
 * Writes an import in one transaction: every answer, role and (when the
 * backup has them) cost table, and for a restore every exemption and portal
 * campaign. Without restore the importer answers and assigns: nobody else's
 * name, and no sign-off, can be carried in by a file; exemptions (their
 * approvals) and portal campaigns belong to the portal they were made in and
 * are left as they are. Restored campaigns' progress is computed by the
 * campaign progress task, started once the transaction has committed.
 */
export async function writeImport(
  ctx: RouteContext,
  data: ImportData,
  options: { restore: boolean; actor: string },
): Promise<ImportResponse> {
  const { store } = ctx;
  const { restore, actor } = options;
  const now = new Date().toISOString();
  const answers = data.answers.map(({ review, ...a }) =>
    restore ? { ...a, review } : { ...a, answeredBy: actor, answeredAt: now },
  );
  const roles = data.roles.map(r =>
    restore ? r : { ...r, assignedBy: actor, assignedAt: now },
  );
  const costTables = data.costTables?.map(t =>
    restore ? t : { ...t, updatedBy: actor, updatedAt: now },
  );
  const notRestored = restore
    ? []
    : (['exemptions', 'campaigns'] as const).filter(key => data[key]);
  const restoresCampaigns = restore && data.campaigns !== undefined;

  const counts = await store.transaction(async tx => {
    await store.lockForImport(tx);
    // Every change the import makes is in the history after this entry.
    const watermark = await store.historyWatermark(tx);
    const result: Omit<ImportResponse, 'restored'> = await store.importAll(
      tx,
      { answers, roles },
      actor,
    );
    if (costTables) {
      result.costTables = await store.importCostTables(tx, costTables, actor);
    }
    if (restore && data.exemptions) {
      result.exemptions = await store.importExemptions(
        tx,
        data.exemptions,
        actor,
      );
    }
    if (restore && data.campaigns) {
      const { changed } = await store.campaigns.definitions.replaceCampaigns(
        tx,
        data.campaigns,
      );
      // A campaign that goes, or comes back with another definition, loses
      // its progress and burn-up, as a portal delete does.
      for (const id of changed) {
        await store.campaigns.progress.deleteProgress(tx, id);
      }
      result.campaigns = data.campaigns.length;
    }
    // The entities are scored by the run the import starts, not here.
    await store.forgetRecordTables(tx, watermark);
    return result;
  });

  // Marked pending by the restore: computed by the task, not here.
  if (restoresCampaigns && ctx.campaigns) {
    await startCampaignProgress(ctx.scheduler, ctx.logger);
  }
  const outside = restore ? outsideModel(ctx, data) : undefined;
  return {
    ...counts,
    ...(notRestored.length ? { notRestored: [...notRestored] } : {}),
    ...(outside ? { outsideModel: outside } : {}),
    restored: restore,
  };
}
