import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '../../__testUtils__/databases';
import { smallOrg } from '../../__testUtils__/entities';
import { base, carol, startBackend } from '../../__testUtils__/testBackend';
import { COMPUTE_TASK_ID } from '../router';
import { CAMPAIGN_PROGRESS_TASK_ID } from './CampaignService';
import { startCampaignProgress } from './campaignProgressTask';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Every component of the organisation, asked for bronze. */
const campaignInput = {
  title: 'Bronze components',
  filter: { kinds: ['component'] },
  target: { level: 'bronze' },
  deadline: '2099-12-31',
};

/*
 * Creating or changing a campaign computed its progress from every stored
 * scorecard inside the request: seconds at 100,000 entities. The request
 * now marks the campaign and starts the campaign progress task, which
 * computes it; meanwhile its summary says the progress is pending.
 */
describe.each(databases.eachSupportedId())(
  'the progress of a campaign saved in the portal, on %s',
  id => {
    /**
     * A backend whose scheduler runs the other tasks when triggered and
     * keeps the campaign progress task for the test to run (or, with
     * `busy`, answers its trigger as the scheduler does while it runs).
     */
    async function setup(options: { busy?: boolean } = {}) {
      const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
      const triggered: string[] = [];
      const held = { fullRun: false };
      const scheduler = mockServices.scheduler.mock({
        scheduleTask: async task => {
          tasks.set(task.id, task);
        },
        triggerTask: async taskId => {
          triggered.push(taskId);
          if (taskId === COMPUTE_TASK_ID && held.fullRun) return;
          if (taskId !== CAMPAIGN_PROGRESS_TASK_ID) {
            await tasks.get(taskId)!.fn(new AbortController().signal);
          } else if (options.busy) {
            throw new ConflictError(`Task ${taskId} is currently running`);
          }
        },
      });
      const { api } = await startBackend({
        knex: await databases.init(id),
        scheduler: scheduler.factory,
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const runTask = () =>
        tasks.get(CAMPAIGN_PROGRESS_TASK_ID)!.fn(new AbortController().signal);
      const progressOf = async (campaignId: string) =>
        (
          await api
            .get(`${base}/campaigns/${campaignId}`)
            .set('Authorization', carol)
            .expect(200)
        ).body.campaign.progress;
      /** Creates the campaign as carol; the campaign as the 201 says it. */
      const create = async () =>
        (
          await api
            .post(`${base}/campaigns`)
            .set('Authorization', carol)
            .send(campaignInput)
            .expect(201)
        ).body.campaign;
      /** Restores a backup as carol. */
      const restore = (backup: object) =>
        api
          .post(`${base}/import?restore=true`)
          .set('Authorization', carol)
          .send(backup)
          .expect(200);
      return { api, triggered, held, runTask, progressOf, create, restore };
    }

    const components = smallOrg().filter(e => e.kind === 'Component').length;

    it('is computed by the task the save starts, not in the request', async () => {
      const { api, triggered, runTask, progressOf, create } = await setup();
      const campaign = await create();
      expect(campaign.progress).toEqual({
        total: 0,
        done: 0,
        overdue: 0,
        pending: true,
      });
      expect(triggered).toContain(CAMPAIGN_PROGRESS_TASK_ID);
      expect(await progressOf(campaign.id)).toMatchObject({ pending: true });

      await runTask();
      const computed = await progressOf(campaign.id);
      expect(computed.total).toBe(components);
      expect(computed).not.toHaveProperty('pending');

      // A new title asks nothing new: the progress stands.
      const renamed = await api
        .put(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({
          ...campaignInput,
          title: 'Bronze, every component',
          version: 1,
        })
        .expect(200);
      expect(renamed.body.campaign.progress).toEqual(computed);

      // Another target: the counts of the one before until the task runs.
      const raised = await api
        .put(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({ ...campaignInput, target: { level: 'gold' }, version: 2 })
        .expect(200);
      expect(raised.body.campaign.progress).toEqual({
        ...computed,
        pending: true,
      });
      await runTask();
      const gold = await progressOf(campaign.id);
      expect(gold).not.toHaveProperty('pending');
      expect(gold.total).toBe(components);
      expect(gold.done).toBeLessThanOrEqual(computed.done);
    });

    it('is left to the running task when the save cannot start it', async () => {
      const { runTask, progressOf, create } = await setup({ busy: true });
      const campaign = await create();
      expect(campaign.progress.pending).toBe(true);

      // The run under way (or the next) finds it marked.
      await runTask();
      expect(await progressOf(campaign.id)).toMatchObject({
        total: components,
      });
    });

    it('stands when a restore brings the campaign back as stored', async () => {
      const { api, held, runTask, progressOf, create, restore } = await setup();
      const campaign = await create();
      await runTask();
      const computed = await progressOf(campaign.id);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;

      held.fullRun = true;
      await restore(exported);
      expect(await progressOf(campaign.id)).toEqual(computed);
    });

    it('of a restored campaign is computed by the task the restore starts', async () => {
      const { api, held, runTask, progressOf, create, restore } = await setup();
      const campaign = await create();
      await runTask();
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      await api
        .delete(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({ version: 1 })
        .expect(200);

      // The full run the import starts (which computes every campaign's
      // progress too) has not run yet.
      held.fullRun = true;
      await restore(exported);
      expect(await progressOf(campaign.id)).toEqual({
        total: 0,
        done: 0,
        overdue: 0,
        pending: true,
      });
      await runTask();
      expect(await progressOf(campaign.id)).toMatchObject({
        total: components,
      });
    });
  },
);

describe('starting the campaign progress task', () => {
  const logger = () => ({ warn: jest.fn() });

  it('leaves a change to the run under way without a warning', async () => {
    const log = logger();
    const scheduler = mockServices.scheduler.mock({
      triggerTask: async id => {
        throw new ConflictError(`Task ${id} is currently running`);
      },
    });
    await startCampaignProgress(scheduler, log as any);
    expect(scheduler.triggerTask).toHaveBeenCalledWith(
      CAMPAIGN_PROGRESS_TASK_ID,
    );
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('warns, without failing the save, when the scheduler cannot start it', async () => {
    const log = logger();
    const scheduler = mockServices.scheduler.mock({
      triggerTask: async () => {
        throw new Error('connection terminated');
      },
    });
    await startCampaignProgress(scheduler, log as any);
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringContaining('connection terminated'),
    );
  });
});
