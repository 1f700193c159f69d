/*
 * The notification sweep at the benchmark's size: every notice kind on, as
 * `readiness.notifications` defaults, evaluated for every stored scorecard,
 * with the campaigns of campaignBench.ts (whose progress it has computed).
 * The first pass sends what it finds (to a notification service that only
 * counts), the next ones find the same and send nothing: the hourly cost
 * of a portal whose notices were all sent. The pass right after the first
 * is reported apart: on PostgreSQL the planner has not yet the statistics
 * of the rows the first wrote. Measured in the full-run process.
 */
import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  notificationsConfigSchema,
  ReadinessEngine,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';
import { NotificationSweep } from '../src/service/notifications/NotificationSweep';
import { benchCampaigns } from './campaignBench';
import { quietLogger } from './quietLogger';

/** One measured pass of the sweep. */
export interface SweepRun {
  ms: number;
  cpuMs: number;
  queries: number;
  /** Catalog requests the pass made. */
  catalogCalls: number;
  /** Entities evaluated, and of those scored again from their bodies. */
  entities: number;
  scored: number;
  sent: number;
}

/** Counts the calls of each catalog method, passing them on. */
function countedCatalog(catalog: CatalogService) {
  const counted = { calls: 0 };
  const proxy = new Proxy(catalog, {
    get(target, key) {
      const value = (target as any)[key];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counted.calls++;
        return value.apply(target, args);
      };
    },
  });
  return { catalog: proxy, counted };
}

export async function measureSweep(options: {
  knex: Knex;
  store: DatabaseReadinessStore;
  model: ReadinessModel;
  engine: ReadinessEngine;
  catalog: CatalogService;
  auth: AuthService;
  runs: number;
}): Promise<SweepRun[]> {
  const { knex, store, model, engine, auth } = options;
  const { catalog, counted } = countedCatalog(options.catalog);
  let sent = 0;
  const notifications = {
    send: async () => {
      sent++;
    },
  } as unknown as NotificationService;
  let scored = 0;
  const scoring = engine.score.bind(engine);
  const countingEngine = Object.assign(Object.create(engine), {
    score: (...args: Parameters<ReadinessEngine['score']>) => {
      scored++;
      return scoring(...args);
    },
  }) as ReadinessEngine;
  const sweep = new NotificationSweep({
    engine: countingEngine,
    store,
    catalog,
    auth,
    model,
    config: notificationsConfigSchema.parse({}),
    notifications,
    logger: quietLogger,
    campaigns: async () => benchCampaigns(model),
  });
  const runs: SweepRun[] = [];
  // The first pass sends; the one right after it finds the tables as the
  // first left them; the others are the steady state. Before the first and
  // the steady state the tables are analysed, as autovacuum does within
  // minutes of the writes before them (the campaign progress, the first
  // pass): passes come an hour apart. (This machine's PostgreSQL runs with
  // autovacuum off.)
  for (let i = 0; i < options.runs + 2; i++) {
    if (i !== 1 && knex.client.config.client === 'pg') {
      await knex.raw('VACUUM ANALYZE');
    }
    let queries = 0;
    const count = () => queries++;
    knex.on('query', count);
    sent = 0;
    scored = 0;
    counted.calls = 0;
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const result = await sweep.run().finally(() => knex.off('query', count));
    const used = process.cpuUsage(cpu);
    runs.push({
      ms: Number(process.hrtime.bigint() - start) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
      queries,
      catalogCalls: counted.calls,
      entities: result.entities,
      scored,
      sent,
    });
  }
  return runs;
}
