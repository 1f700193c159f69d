import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { metrics } from '@opentelemetry/api';
import {
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { readFileSync } from 'fs';
import path from 'path';
import { Knex } from 'knex';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { manualScheduler } from '../__testUtils__/manualScheduler';
import { smallOrg } from '../__testUtils__/entities';
import { storeOn, testComputation } from '../__testUtils__/computation';
import {
  alice,
  base,
  bob,
  cart,
  permissionsFor,
} from '../__testUtils__/testBackend';
import { readinessPlugin } from '../plugin';
import { NOTIFICATIONS_TASK_ID } from './notifications/notificationSchedule';
import { COMPUTE_TASK_ID } from './router';

jest.setTimeout(120_000);

/** Collects on demand, as a Prometheus scrape would. */
class TestReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

const databases = createTestDatabases();

/*
 * The plugin's metrics through Backstage's metrics service on the real
 * plugin: a meter provider with an in-memory reader is installed as the
 * global one, which the default metrics service reads.
 */
describe.each(databases.eachSupportedId())('readiness metrics on %s', id => {
  let reader: TestReader;

  beforeEach(() => {
    metrics.disable();
    reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  });
  afterAll(() => metrics.disable());

  /** The data points of one metric, by name. */
  async function points(name: string): Promise<DataPoint<any>[]> {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .filter(s => s.scope.name === 'backstage-plugin-readiness')
      .flatMap(s => s.metrics)
      .filter(m => m.descriptor.name === name)
      .flatMap(m => m.dataPoints as DataPoint<any>[]);
  }
  const sum = (ps: DataPoint<any>[]) =>
    ps.reduce((total, p) => total + Number(p.value), 0);

  /**
   * The real plugin with the notifications backend on `knex`; its
   * scheduled tasks are kept, to be run by hand.
   */
  async function startMetered(knex: Knex) {
    const entities = smallOrg();
    const scheduler = manualScheduler();
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        notificationsPlugin,
        catalogServiceMock.factory({ entities }),
        permissionsFor(entities).factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
        scheduler.factory,
      ],
    });
    return { api: request(server), run: scheduler.run };
  }

  /** {@link startMetered}, after a full run and one answer. */
  async function startRunAndWrite(knex: Knex) {
    const started = await startMetered(knex);
    await started.run(COMPUTE_TASK_ID);
    await started.api
      .put(`${cart}/answers/scalability.load-test`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    return started;
  }

  it('records full runs, writes, answers, notices and scorecards by level', async () => {
    const { api, run } = await startMetered(await databases.init(id));
    await run(COMPUTE_TASK_ID);
    const [duration] = await points('readiness.full_run.duration');
    expect(duration.attributes).toEqual({ result: 'success' });
    expect((duration.value as Histogram).count).toBe(1);
    // shop, cart, checkout and search: all scored on the first run.
    expect(sum(await points('readiness.full_run.entities'))).toBe(4);
    expect(sum(await points('readiness.full_run.entities.scored'))).toBe(4);
    // A second run with nothing changed scores nobody again.
    await run(COMPUTE_TASK_ID);
    expect(sum(await points('readiness.full_run.entities.scored'))).toBe(4);
    const [twice] = await points('readiness.full_run.duration');
    expect((twice.value as Histogram).count).toBe(2);

    // The gauge reads the counts the run stored: the organisation's levels.
    const acme = await api
      .get(`${base}/rollups/group/default/acme`)
      .set('Authorization', bob)
      .expect(200);
    const byLevel = Object.fromEntries(
      (await points('readiness.scorecards')).map(p => [
        p.attributes.level,
        p.value,
      ]),
    );
    expect(byLevel).toEqual({
      // Every level is reported, 0 where nobody is: an exporter would keep
      // the last value of a level no longer observed.
      ...Object.fromEntries(
        [
          ...buildReadinessModel().levels.map(l => l.id),
          'none',
          'not-assessed',
        ].map(level => [level, 0]),
      ),
      ...acme.body.rollup.aggregate.levels,
    });
    expect(Object.values(byLevel)).toContain(0);

    await api
      .put(`${cart}/answers/scalability.load-test`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    await api
      .put(`${cart}/answers/scalability.load-test`)
      .set('Authorization', bob)
      .send({ status: 'not-met', version: 1 })
      .expect(403);
    const writes = await points('readiness.write.duration');
    expect(
      writes.map(p => [p.attributes, (p.value as Histogram).count]),
    ).toEqual(
      expect.arrayContaining([
        [{ operation: 'answer-update', result: 'success' }, 1],
        [{ operation: 'answer-update', result: 'failure' }, 1],
      ]),
    );
    const answers = await points('readiness.answers.written');
    expect(answers.map(p => [p.attributes, p.value])).toEqual([
      [{ operation: 'update', via: 'rest' }, 1],
    ]);

    // Unassigned required roles: notices to the owners.
    await run(NOTIFICATIONS_TASK_ID);
    const notices = await points('readiness.notifications.sent');
    expect(sum(notices)).toBeGreaterThan(0);
    expect(notices.every(p => p.attributes.result === 'sent')).toBe(true);
    expect(notices.map(p => p.attributes.kind)).toContain('role-unassigned');
  });

  it('names the series the README queries as a Prometheus exporter emits them', async () => {
    const { run } = await startRunAndWrite(await databases.init(id));
    await run(NOTIFICATIONS_TASK_ID);
    const { resourceMetrics } = await reader.collect();
    const exposed = new PrometheusSerializer().serialize(resourceMetrics);
    const series = new Set(
      exposed
        .split('\n')
        .filter(line => line && !line.startsWith('#'))
        .map(line => line.split(/[{ ]/)[0]),
    );
    const readme = readFileSync(
      path.join(__dirname, '../../README.md'),
      'utf8',
    );
    const queries = readme.slice(readme.indexOf('```promql'));
    const named = new Set(
      queries.slice(0, queries.indexOf('```', 3)).match(/\breadiness_[a-z_]+/g),
    );
    expect(named.size).toBeGreaterThan(4);
    expect([...named].filter(name => !series.has(name))).toEqual([]);
  });

  it('times writes and full runs in seconds, in buckets sized for them', async () => {
    await startRunAndWrite(await databases.init(id));
    const { resourceMetrics } = await reader.collect();
    const durations = resourceMetrics.scopeMetrics
      .flatMap(scope => scope.metrics)
      .filter(m => m.descriptor.name.endsWith('.duration'));
    expect(durations.map(m => [m.descriptor.name, m.descriptor.unit])).toEqual(
      expect.arrayContaining([
        ['readiness.full_run.duration', 's'],
        ['readiness.write.duration', 's'],
      ]),
    );
    for (const metric of durations) {
      for (const point of metric.dataPoints as DataPoint<Histogram>[]) {
        const { boundaries, counts } = point.value.buckets;
        // Each took well under 5 s here: it lands in a bucket that ends
        // below 5 s, not in the default first one, 0 to 5.
        const bucket = counts.findIndex(count => count > 0);
        expect([metric.descriptor.name, boundaries[bucket] < 5]).toEqual([
          metric.descriptor.name,
          true,
        ]);
      }
    }
  });

  it('records a full run that fails on the database as a failure', async () => {
    const knex = await databases.init(id);
    const { run } = await startMetered(knex);
    await knex.destroy();
    await expect(run(COMPUTE_TASK_ID)).rejects.toThrow();
    const failed = (await points('readiness.full_run.duration')).filter(
      p => p.attributes.result === 'failure',
    );
    expect(failed.map(p => (p.value as Histogram).count)).toEqual([1]);
  });

  it("reports the last full run's entities on an instance that did not run it", async () => {
    const entities = smallOrg();
    const knex = await databases.init(id);
    await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities }),
        permissionsFor(entities).factory,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.mock().factory,
      ],
    });
    // Another instance on the same database runs the full run.
    await testComputation({
      store: await storeOn(knex),
      catalog: catalogServiceMock({ entities }),
    }).runFull();
    expect(sum(await points('readiness.full_run.entities'))).toBe(4);
  });
});
