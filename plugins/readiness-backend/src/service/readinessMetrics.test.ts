import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { metrics } from '@opentelemetry/api';
import {
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
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

  it('records full runs, writes, answers, notices and scorecards by level', async () => {
    const entities = smallOrg();
    const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
    const keep = async (task: SchedulerServiceTaskInvocationDefinition) => {
      tasks.set(task.id, task);
    };
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: keep,
      createScheduledTaskRunner: () => ({ run: keep }),
    });
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        notificationsPlugin,
        catalogServiceMock.factory({ entities }),
        permissionsFor(entities).factory,
        mockServices.database.factory({ knex: await databases.init(id) }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
        scheduler.factory,
      ],
    });
    const api = request(server);
    const run = (taskId: string) =>
      tasks.get(taskId)!.fn(new AbortController().signal as any);

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
    expect(byLevel).toEqual(acme.body.rollup.aggregate.levels);

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
