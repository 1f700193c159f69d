import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { base, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const search = `${base}/entities/component/default/search`;

describe.each(databases.eachSupportedId())(
  'records imported while no run has scored them, on %s',
  id => {
    it("show on an entity's first read before the run the import triggers", async () => {
      // Runs a task when it is triggered, unless `held`: the run the import
      // starts has not finished when the entity is read.
      const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
      let held = false;
      const scheduler = mockServices.scheduler.mock({
        scheduleTask: async task => {
          tasks.set(task.id, task);
        },
        triggerTask: async taskId => {
          if (!held) await tasks.get(taskId)!.fn(new AbortController().signal);
        },
      });
      const { api } = await startBackend({
        knex: await databases.init(id),
        scheduler: scheduler.factory,
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      // search had no portal answer when the run scored it.
      expect(exported.answers).toEqual([]);

      held = true;
      await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send({
          ...exported,
          answers: [
            {
              entityRef: 'component:default/search',
              checkId: 'scalability.load-test',
              status: 'met',
              source: 'portal',
              answeredBy: 'user:default/carol',
              answeredAt: new Date().toISOString(),
              version: 1,
            },
          ],
        })
        .expect(200);
      const { body } = await api
        .get(search)
        .set('Authorization', carol)
        .expect(200);
      const loadTest = body.scorecard.checks.find(
        (c: { checkId: string }) => c.checkId === 'scalability.load-test',
      );
      expect(loadTest).toMatchObject({ status: 'met', source: 'portal' });
    });
  },
);
