import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { CAMPAIGN_PROGRESS_TASK_ID, CampaignService } from './CampaignService';

/**
 * Schedules the task that computes the progress of campaigns marked
 * pending (created, or changed in what they ask; restored). A change
 * starts it at once ({@link startCampaignProgress}); its runs each minute
 * find what a start missed, one query when nothing is pending. Global: one
 * instance computes at a time.
 */
export async function scheduleCampaignProgress(options: {
  scheduler: SchedulerService;
  campaigns: Pick<CampaignService, 'computePending'>;
}) {
  await options.scheduler.scheduleTask({
    id: CAMPAIGN_PROGRESS_TASK_ID,
    frequency: { minutes: 1 },
    timeout: { minutes: 30 },
    // Stops before its next page once the task times out or is cancelled.
    fn: signal => options.campaigns.computePending(signal),
  });
}

/**
 * Asks the scheduler to run the campaign progress task now. While it runs
 * (a conflict), its next pass or run computes what was just marked.
 */
export async function startCampaignProgress(
  scheduler: SchedulerService,
  logger: LoggerService,
) {
  try {
    await scheduler.triggerTask(CAMPAIGN_PROGRESS_TASK_ID);
  } catch (error) {
    if (isError(error) && error.name === 'ConflictError') return;
    logger.warn(
      `Could not start the campaign progress task; its next run computes the progress: ${error}`,
    );
  }
}
