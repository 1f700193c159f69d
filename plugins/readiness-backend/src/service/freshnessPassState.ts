import { CatalogFacts } from '../database/ReadinessStore';
import { FullRunLedger } from './fullRunLedger';

/** Lifecycle changes whose dependants are looked up one by one; beyond this the full run is cheaper. */
const MAX_DEPENDANT_LOOKUPS = 20;
/** Reasons for a full run named in the log; the others are counted. */
const REASONS_SHOWN = 5;
/** The items `test` holds for, and the others. */
export function partition<T>(
  items: T[],
  test: (item: T) => boolean,
): [T[], T[]] {
  const held: T[] = [];
  const others: T[] = [];
  for (const item of items) (test(item) ? held : others).push(item);
  return [held, others];
}

/** The state of one pass: what it found, what it owes, what it did. */
export class PassState {
  readonly reasons: string[] = [];
  reasonCount = 0;
  private requested = false;
  /** Entities whose lifecycle changed: their dependants are scored again. */
  readonly lifecycleMoved = new Set<string>();
  /** Their facts, recorded once the dependants are scored. */
  readonly deferred: CatalogFacts[] = [];
  /** Too many lifecycles changed to look up dependants: the full run covers them. */
  private lifecyclesHandedOver = false;
  recomputed = 0;
  incomplete = false;

  constructor(private readonly ledger: FullRunLedger) {}

  fullRun(reason: string) {
    if (this.reasonCount++ < REASONS_SHOWN) this.reasons.push(reason);
  }

  /** Notes a lifecycle change; returns whether the entity's facts wait for its dependants. */
  lifecycleChanged(ref: string): boolean {
    if (this.lifecyclesHandedOver) return false;
    this.lifecycleMoved.add(ref);
    if (this.lifecycleMoved.size <= MAX_DEPENDANT_LOOKUPS) return true;
    this.lifecyclesToFullRun(
      `more than ${MAX_DEPENDANT_LOOKUPS} lifecycles changed`,
    );
    return false;
  }

  /** Leaves the dependants of every lifecycle change to the full run. */
  lifecyclesToFullRun(reason: string) {
    this.fullRun(reason);
    this.lifecyclesHandedOver = true;
    this.lifecycleMoved.clear();
  }

  /**
   * Asks for the full run, once, before facts whose changes it covers are
   * recorded; returns the facts that no longer wait for dependants.
   */
  async requestIfNeeded(): Promise<CatalogFacts[]> {
    if (this.reasonCount && !this.requested) {
      await this.ledger.request();
      this.requested = true;
    }
    return this.lifecyclesHandedOver ? this.deferred.splice(0) : [];
  }
}
