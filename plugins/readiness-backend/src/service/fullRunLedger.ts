import { ReadinessStore } from '../database/ReadinessStore';

/** State key of the full runs the freshness pass asked for; only passes write it. */
const REQUESTS_STATE = 'full-run-requests';
/** State key of the requests full runs fulfilled; only full runs write it. */
const RUNS_STATE = 'full-run-ledger';

/** Where the requests for a full run stand. */
export interface FullRunStatus {
  /** Requests made so far. */
  requested: number;
  /** The requests the last successful full run had seen before it read the catalog. */
  fulfilled: number;
}

/**
 * Counters, kept in the state table, through which the freshness pass asks
 * for a full run and learns whether one ran, across backend instances.
 * Counters rather than clocks, so clock skew between instances cannot make
 * a run look newer than a request. Passes run one at a time, and so do full
 * runs, until one outlives its scheduler timeout and the next starts beside
 * it: so a request is an atomic increment, and a run only moves the
 * fulfilled count forward.
 */
export class FullRunLedger {
  constructor(
    private readonly store: Pick<ReadinessStore, 'getState' | 'updateState'>,
  ) {}

  async status(): Promise<FullRunStatus> {
    const requests = await this.store.getState<{ requested: number }>(
      REQUESTS_STATE,
    );
    const runs = await this.store.getState<{ fulfilled: number }>(RUNS_STATE);
    return {
      requested: requests?.requested ?? 0,
      fulfilled: runs?.fulfilled ?? 0,
    };
  }

  /** Asks for a full run: one that starts after this call fulfils it. */
  async request(): Promise<void> {
    await this.store.updateState<{ requested: number }>(
      REQUESTS_STATE,
      old => ({ requested: (old?.requested ?? 0) + 1 }),
    );
  }

  /** Whether a request is still waiting for a successful full run. */
  static pending(status: FullRunStatus): boolean {
    return status.requested > status.fulfilled;
  }

  /**
   * Runs a full run and, when it succeeded, records that it fulfilled the
   * requests made before it started (so before it read the catalog).
   */
  async track<T extends { error?: string }>(run: () => Promise<T>) {
    const { requested, fulfilled } = await this.status();
    const state = await run();
    if (!state.error && requested > fulfilled) {
      await this.store.updateState<{ fulfilled: number }>(RUNS_STATE, old => ({
        fulfilled: Math.max(old?.fulfilled ?? 0, requested),
      }));
    }
    return state;
  }
}
