import { randomUUID } from 'crypto';
import { Campaign } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../../database/ReadinessStore';
import { sha1Hex } from '../sha1';

/** The state key of the basis ({@link BasisState}). */
const PROGRESS_BASIS_STATE = 'campaign-progress-basis';

/**
 * How long a full run's hold counts: a run stops writing at its timeout
 * (15 minutes) but for the pages in flight. A run that died leaves its
 * hold, which keeps the basis from holding until then.
 */
const HOLD_MS = 60 * 60 * 1000;

/**
 * The hash of the campaigns the last complete computation from scratch was
 * of, while nothing since can have changed what it counted; the full runs
 * holding it (token → when taken, ISO), and the computation under way.
 */
interface BasisState {
  hash?: string;
  holds: Record<string, string>;
  computing?: string;
}

/** What a computation from scratch is of: every campaign's definition, as listed. */
export const progressBasisOf = (campaigns: readonly Campaign[]) =>
  sha1Hex(JSON.stringify(campaigns));

/** A full run's hold on the basis, and the hash it found when it took it. */
export interface TakenBasis {
  token: string;
  found?: string;
}

/**
 * Whether campaign progress is what a computation from scratch would give.
 * A full run's scorecard writes do not move progress (the computation after
 * the run does), so a run holds the basis from its start, before it writes,
 * until it puts it back (it changed nothing) or its computation begins.
 * The hash holds again only when no other run holds it and no other
 * computation began since: a run that stopped before its computation
 * leaves its hold (until {@link HOLD_MS}), one whose computation failed
 * leaves no hash, and the runs after either compute.
 */
export class ProgressBasis {
  constructor(
    private readonly store: ReadinessStore,
    private readonly now: () => number = Date.now,
  ) {}

  private update<T>(change: (state: BasisState) => [BasisState, T]) {
    let out!: T;
    return this.store
      .updateState<unknown>(PROGRESS_BASIS_STATE, old => {
        const [next, result] = change(this.live(old));
        out = result;
        return next;
      })
      .then(() => out);
  }

  /**
   * The stored state, without the holds of runs long stopped. Anything
   * else (the hash alone that an older release stored, which a run that
   * failed before its computation could leave stale) holds nothing.
   */
  private live(old: unknown): BasisState {
    if (!isBasisState(old)) return { holds: {} };
    const since = new Date(this.now() - HOLD_MS).toISOString();
    const holds = Object.fromEntries(
      Object.entries(old.holds).filter(([, at]) => at >= since),
    );
    return { ...old, holds };
  }

  /** At a full run's start, before it writes. */
  take(): Promise<TakenBasis> {
    const token = randomUUID();
    return this.update(state => {
      const others = Object.keys(state.holds).length > 0;
      const found = others ? undefined : state.hash;
      const holds = {
        ...state.holds,
        [token]: new Date(this.now()).toISOString(),
      };
      return [
        { holds, computing: state.computing },
        { token, ...(found ? { found } : {}) },
      ];
    });
  }

  /**
   * Whether the run that took `taken`, having changed nothing, leaves
   * progress as a computation from scratch of `campaigns` gives it; then
   * the basis holds again. Either way the run's hold ends.
   */
  putBack(taken: TakenBasis, campaigns: readonly Campaign[]) {
    const hash = progressBasisOf(campaigns);
    return this.update(state => {
      const own = taken.token in state.holds;
      const holds = without(state.holds, taken.token);
      // A computation under way began after this run took the basis (the
      // hash and a computation never stand together): another run wrote.
      const held =
        own &&
        !state.computing &&
        taken.found === hash &&
        Object.keys(holds).length === 0;
      return [held ? { hash, holds } : { ...state, holds }, held];
    });
  }

  /**
   * Before a computation from scratch reads; `run` is the hold of the full
   * run it follows, whose writes are done: that hold ends.
   */
  begin(run?: TakenBasis): Promise<string> {
    const computing = randomUUID();
    return this.update(state => [
      { holds: without(state.holds, run?.token), computing },
      computing,
    ]);
  }

  /**
   * After the computation that `begin` gave `token` wrote every campaign:
   * the basis holds if no run holds it and no other computation began
   * since.
   */
  complete(token: string, campaigns: readonly Campaign[]) {
    return this.update(state => {
      const held =
        state.computing === token && Object.keys(state.holds).length === 0;
      return [
        held ? { hash: progressBasisOf(campaigns), holds: {} } : state,
        held,
      ];
    });
  }
}

function isBasisState(value: unknown): value is BasisState {
  if (typeof value !== 'object' || value === null) return false;
  const { hash, holds, computing } = value as Record<string, unknown>;
  return (
    (hash === undefined || typeof hash === 'string') &&
    (computing === undefined || typeof computing === 'string') &&
    typeof holds === 'object' &&
    holds !== null &&
    Object.values(holds).every(at => typeof at === 'string')
  );
}

function without(holds: Record<string, string>, token?: string) {
  return Object.fromEntries(
    Object.entries(holds).filter(([held]) => held !== token),
  );
}
