import { ReadinessStore } from '../database/ReadinessStore';

/** State key of the full runs the freshness pass asked for; only passes write it. */
const REQUESTS_STATE = 'full-run-requests';
/** State key of the full runs that started and ended; only full runs write it. */
const RUNS_STATE = 'full-run-ledger';

interface Requests {
  requested: number;
}

interface Runs {
  started: number;
  finished: number;
  /** The number of requests the last successful run had seen before it read the catalog. */
  fulfilled: number;
}

/** Where the full runs stand, as the freshness pass sees it. */
export interface FullRunStatus extends Runs, Requests {}

/**
 * Counters, kept in the state table, through which the freshness pass asks
 * for a full run and learns whether one ran, across backend instances.
 * Counters rather than clocks, so clock skew between instances cannot make
 * a run look newer than a request. Each key has one writer (passes run one
 * at a time, and so do full runs), so read-then-write is safe.
 */
export class FullRunLedger {
  constructor(
    private readonly store: Pick<ReadinessStore, 'getState' | 'setState'>,
  ) {}

  async status(): Promise<FullRunStatus> {
    const requests = await this.store.getState<Requests>(REQUESTS_STATE);
    const runs = await this.store.getState<Runs>(RUNS_STATE);
    return {
      requested: requests?.requested ?? 0,
      started: runs?.started ?? 0,
      finished: runs?.finished ?? 0,
      fulfilled: runs?.fulfilled ?? 0,
    };
  }

  /** Asks for a full run: one that starts after this call fulfils it. */
  async request(): Promise<void> {
    const { requested } = await this.status();
    await this.store.setState(REQUESTS_STATE, { requested: requested + 1 });
  }

  /** Whether a request is still waiting for a successful full run. */
  static pending(status: FullRunStatus): boolean {
    return status.requested > status.fulfilled;
  }

  /** Whether a full run was under way (or died without finishing). */
  static running(status: FullRunStatus): boolean {
    return status.started !== status.finished;
  }

  /**
   * Runs a full run and records it: that it started (before it reads the
   * catalog), that it ended, and, when it succeeded, that it fulfilled the
   * requests made before it started.
   */
  async track<T extends { error?: string }>(run: () => Promise<T>) {
    const { requested, ...runs } = await this.status();
    const started = runs.started + 1;
    await this.store.setState(RUNS_STATE, { ...runs, started });
    let fulfilled = runs.fulfilled;
    try {
      const state = await run();
      if (!state.error) fulfilled = Math.max(fulfilled, requested);
      return state;
    } finally {
      await this.store.setState(RUNS_STATE, {
        started,
        finished: started,
        fulfilled,
      });
    }
  }
}
