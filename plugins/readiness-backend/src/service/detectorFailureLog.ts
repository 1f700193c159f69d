import { LoggerService } from '@backstage/backend-plugin-api';
import { DetectorFailure } from '@prodready/plugin-readiness-common';

/** How often a detector that keeps failing is reported again. */
const REPORT_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Reports detectors that fail on entities without flooding the log: a
 * detector that throws on every entity would otherwise log once per entity
 * per full run. The first failure of each detector is logged, then at most
 * one line every ten minutes with the count since.
 */
export function detectorFailureLog(
  logger: LoggerService,
  now: () => number = Date.now,
): (failure: DetectorFailure) => void {
  const reported = new Map<string, { at: number; since: number }>();
  return ({ detectorId, entityRef, error }) => {
    const last = reported.get(detectorId);
    if (last && now() - last.at < REPORT_INTERVAL_MS) {
      last.since++;
      return;
    }
    const more = last?.since
      ? ` (and on ${last.since} more since it was last reported)`
      : '';
    logger.warn(
      `Readiness detector ${detectorId} failed on ${entityRef}${more}; its findings there are left out: ${error.message.slice(
        0,
        500,
      )}`,
    );
    reported.set(detectorId, { at: now(), since: 0 });
  };
}
