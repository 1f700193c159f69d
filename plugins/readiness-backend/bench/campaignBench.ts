/*
 * Campaign progress at the benchmark's size: after each full run, every
 * campaign's progress is computed again from the stored scorecards, holding
 * the progress lock that every write (an answer saved, a role assigned)
 * takes to move the progress by its delta. Measured in the full-run process.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseReadinessModelConfig,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import {
  CampaignService,
  configCampaigns,
} from '../src/service/campaigns/CampaignService';
import { quietLogger } from './quietLogger';

/** Two organisation-wide campaigns, as a platform team runs them. */
const CAMPAIGNS = {
  campaigns: [
    {
      id: 'silver-for-production',
      title: 'Silver for production',
      filter: { lifecycles: ['production'] },
      target: { level: 'silver' },
      startDate: '2026-11-01',
      deadline: '2027-03-31',
    },
    {
      id: 'restore-tests',
      title: 'A restore test everywhere',
      target: { checks: ['recoverability.restore-test'] },
      startDate: '2026-11-01',
      deadline: '2027-03-31',
    },
  ],
};

export interface CampaignRun {
  ms: number;
  cpuMs: number;
  queries: number;
  /** How long a write that began just after the computation had to wait for the progress lock (PostgreSQL). */
  writeWaitMs?: number;
  /** Entities asked, summed over the campaigns (one asked by both counts twice). */
  asked: number;
}

/** The bench's campaigns, as an instance with them in app-config lists them. */
export function benchCampaigns(model: ReadinessModel) {
  return configCampaigns(parseReadinessModelConfig(CAMPAIGNS).campaigns, model);
}

export async function measureCampaigns(options: {
  knex: Knex;
  store: DatabaseReadinessStore;
  model: ReadinessModel;
  runs: number;
  credentials: () => Promise<BackstageCredentials>;
}): Promise<CampaignRun[]> {
  const { knex, store, model } = options;
  const service = new CampaignService({
    store,
    // Read only for campaigns that filter on tags; these do not.
    catalog: {} as CatalogService,
    model,
    credentials: options.credentials,
    fromConfig: benchCampaigns(model),
    logger: quietLogger,
  });
  const runs: CampaignRun[] = [];
  const isPostgres = knex.client.config.client === 'pg';
  for (let i = 0; i < options.runs; i++) {
    let queries = 0;
    const count = () => queries++;
    knex.on('query', count);
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const computing = service.recomputeAll();
    // A write arriving once the computation holds the lock (it only takes
    // the lock: what it would write is not what it waits for).
    const waiting = isPostgres
      ? new Promise(resolve => setTimeout(resolve, 50)).then(() => {
          const asked = process.hrtime.bigint();
          return store.transaction(async tx => {
            await store.campaigns.progress.lock(tx);
            return Number(process.hrtime.bigint() - asked) / 1e6;
          });
        })
      : undefined;
    await computing.finally(() => knex.off('query', count));
    const writeWaitMs = await waiting;
    const used = process.cpuUsage(cpu);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const counts = await store.campaigns.progress.getCounts(
      CAMPAIGNS.campaigns.map(c => c.id),
    );
    runs.push({
      ms,
      cpuMs: (used.user + used.system) / 1000,
      queries,
      writeWaitMs,
      asked: [...counts.values()].reduce((sum, c) => sum + c.total, 0),
    });
  }
  return runs;
}
