import { randomUUID } from 'crypto';
import { Campaign } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../../database/ReadinessStore';
import { sha1Hex } from '../sha1';

/**
 * The state key of the basis: the hash of the campaigns the last complete
 * computation from scratch was of, while nothing since can have changed
 * what it counted; otherwise the token of the full run or computation that
 * holds it.
 */
const PROGRESS_BASIS_STATE = 'campaign-progress-basis';

const RUN_TOKEN = 'run:';
const COMPUTATION_TOKEN = 'computation:';

/** What a computation from scratch is of: every campaign's definition, as listed. */
export const progressBasisOf = (campaigns: readonly Campaign[]) =>
  sha1Hex(JSON.stringify(campaigns));

/** The basis a full run found when it started, and the token it left instead. */
export interface TakenBasis {
  token: string;
  found?: string;
}

/**
 * Whether campaign progress is what a computation from scratch would give.
 * A full run's scorecard writes do not move progress (the computation after
 * the run does), so a run takes the basis when it starts, before it writes:
 * a run that stops, or whose computation fails, leaves its token, and the
 * next run computes. A run that changed nothing puts back what it found,
 * unless another run or computation took the basis meanwhile. A
 * computation holds the basis while it reads, and sets it when it ends if
 * no run took it since; it leaves the token of another run in progress,
 * whose own computation comes after its writes.
 */
export class ProgressBasis {
  constructor(private readonly store: ReadinessStore) {}

  private replace(update: (old: string | null) => string | null) {
    return this.store.updateState<string | null>(PROGRESS_BASIS_STATE, old =>
      update(old ?? null),
    );
  }

  /** At a full run's start, before it writes. */
  async take(): Promise<TakenBasis> {
    const token = `${RUN_TOKEN}${randomUUID()}`;
    let found: string | null = null;
    await this.replace(old => {
      found = old;
      return token;
    });
    return { token, ...(found === null ? {} : { found }) };
  }

  /**
   * Whether the run that took `taken` leaves progress as a computation
   * from scratch of `campaigns` gives it; if so the basis holds again.
   */
  async putBack(taken: TakenBasis, campaigns: readonly Campaign[]) {
    const basis = progressBasisOf(campaigns);
    if (taken.found !== basis) return false;
    let held = false;
    await this.replace(old => {
      held = old === taken.token;
      return held ? basis : old;
    });
    return held;
  }

  /** Before a computation from scratch reads; `taken` is its run's. */
  async begin(taken?: TakenBasis): Promise<string> {
    const token = `${COMPUTATION_TOKEN}${randomUUID()}`;
    await this.replace(old =>
      old?.startsWith(RUN_TOKEN) && old !== taken?.token ? old : token,
    );
    return token;
  }

  /** After the computation that `begin` gave `token` wrote every campaign. */
  async complete(token: string, campaigns: readonly Campaign[]) {
    await this.replace(old =>
      old === token ? progressBasisOf(campaigns) : old,
    );
  }
}
