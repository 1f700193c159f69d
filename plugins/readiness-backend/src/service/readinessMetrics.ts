import type {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
} from '@backstage/backend-plugin-api/alpha';

/** What a full run reports to the metrics: see `LastRunState`. */
export interface FullRunOutcome {
  entities?: number;
  rescored?: number;
  levels?: Record<string, number>;
  catalogUnreachableSince?: string;
  error?: string;
}

/*
 * Bucket edges in seconds. Without them the SDK's defaults (0, 5, 10, 25 …
 * 10,000) are sized for milliseconds: every write and most full runs would
 * fall in the first bucket, and a percentile would be a guess inside it.
 */
/** A write takes milliseconds; an import of a large backup, seconds. */
const WRITE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
/** A full run takes seconds (nothing changed) to minutes (cold, large). */
const FULL_RUN_BUCKETS = [
  0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900, 1800,
];

/** Seconds since a `performance.now()` reading. */
export const secondsSince = (start: number) =>
  (performance.now() - start) / 1000;

/**
 * The plugin's OpenTelemetry metrics, through Backstage's metrics service
 * (meter `backstage-plugin-readiness`). Names follow Backstage's own
 * (`catalog.processing.duration`, `backend_tasks.task.runs.count`): dotted,
 * durations in seconds (unit `s`, as OpenTelemetry writes it). The
 * README's *Metrics* section lists them with Prometheus queries.
 */
export class ReadinessMetrics {
  /** Metrics that go nowhere: for services built by hand (tests, benches). */
  static none(): ReadinessMetrics {
    return new ReadinessMetrics();
  }

  /**
   * @param lastRun - the last full run's state as stored, read on each
   *   collection (one stored row, never a scan of the scorecards): every
   *   instance reports the same, whichever ran the run
   * @param levels - every level the gauge reports (the model's, `none` and
   *   `not-assessed`): a level nobody is at is reported as 0, since an
   *   exporter keeps the last value of a series no longer observed
   */
  static create(
    metrics: MetricsService,
    lastRun: () => Promise<FullRunOutcome | undefined>,
    levels: string[],
  ): ReadinessMetrics {
    const gauge = metrics.createObservableGauge<{ level: string }>(
      'readiness.scorecards',
      {
        description:
          'Scorecards per level (none: below every level; not-assessed: too few checks apply), as counted by the last full run',
        unit: '{scorecard}',
      },
    );
    gauge.addCallback(async result => {
      const counts = (await lastRun())?.levels;
      if (!counts) return;
      for (const level of new Set([...levels, ...Object.keys(counts)])) {
        result.observe(counts[level] ?? 0, { level });
      }
    });
    metrics
      .createObservableGauge('readiness.full_run.entities', {
        description: 'Entities with a scorecard after the last full run',
        unit: '{entity}',
      })
      .addCallback(async result => {
        const entities = (await lastRun())?.entities;
        if (entities !== undefined) result.observe(entities);
      });
    return new ReadinessMetrics({
      fullRunDuration: metrics.createHistogram('readiness.full_run.duration', {
        description:
          'Time a full run took: reading the catalog, scoring what changed, rebuilding the rollups',
        unit: 's',
        advice: { explicitBucketBoundaries: FULL_RUN_BUCKETS },
      }),
      entitiesScored: metrics.createCounter(
        'readiness.full_run.entities.scored',
        {
          description:
            'Entities a full run scored again because their inputs changed (the others kept their stored scorecard)',
          unit: '{entity}',
        },
      ),
      writeDuration: metrics.createHistogram('readiness.write.duration', {
        description:
          'Time an audited write took, from authorisation to the recomputed scorecard (answers, roles, results, imports, cost tables)',
        unit: 's',
        advice: { explicitBucketBoundaries: WRITE_BUCKETS },
      }),
      answersWritten: metrics.createCounter('readiness.answers.written', {
        description:
          'Answers given, withdrawn or reviewed through the REST API or the actions',
        unit: '{answer}',
      }),
      notificationsSent: metrics.createCounter('readiness.notifications.sent', {
        description: 'Readiness notices handed to the notifications service',
        unit: '{notification}',
      }),
    });
  }

  private constructor(
    private readonly instruments?: {
      fullRunDuration: MetricsServiceHistogram;
      entitiesScored: MetricsServiceCounter;
      writeDuration: MetricsServiceHistogram;
      answersWritten: MetricsServiceCounter;
      notificationsSent: MetricsServiceCounter;
    },
  ) {}

  /** A full run ended: `failure` when it threw, `stale` when the catalog could not be read. */
  fullRunFinished(seconds: number, state?: FullRunOutcome) {
    const i = this.instruments;
    if (!i) return;
    let result = 'success';
    if (!state) result = 'failure';
    else if (state.catalogUnreachableSince || state.error) result = 'stale';
    i.fullRunDuration.record(seconds, { result });
    if (state) i.entitiesScored.add(state.rescored ?? 0);
  }

  /** An audited write ended; `operation` is its audit event id. */
  writeFinished(operation: string, seconds: number, ok: boolean) {
    this.instruments?.writeDuration.record(seconds, {
      operation,
      result: ok ? 'success' : 'failure',
    });
  }

  answerWritten(operation: 'update' | 'delete' | 'review', via: string) {
    this.instruments?.answersWritten.add(1, { operation, via });
  }

  notificationSent(kind: string, ok: boolean) {
    this.instruments?.notificationsSent.add(1, {
      kind,
      result: ok ? 'sent' : 'failed',
    });
  }
}
