import {
  EntityScorecard,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../api/ReadinessApi';

/** What the readiness views of one entity render. */
export interface EntityScorecardState {
  model: ReadinessModel;
  scorecard: EntityScorecard;
  stale: boolean;
}

/**
 * The scorecard as last read or written, and why the last read failed: with
 * a value, a reload failed and the value is what was shown before it.
 */
export interface ScorecardSnapshot {
  value?: EntityScorecardState;
  loading: boolean;
  error?: Error;
}

type Listener = (snapshot: ScorecardSnapshot) => void;

/**
 * The scorecard of one entity, shared by every view of it that is mounted
 * (the overview's cards side by side, the tab), so a write made in one
 * shows in all of them and the page reads it once.
 *
 * Reads and writes are numbered. A response is shown only if nothing was
 * asked or written after its request: a reload that a 409 started must not
 * overwrite the answer the user saved while it was under way, and a reload
 * asked for during another one is sent rather than dropped.
 */
export class EntityScorecardStore {
  private snapshot: ScorecardSnapshot = { loading: true };
  private readonly listeners = new Set<Listener>();
  private sequence = 0;
  /** Views using the store; it is forgotten when the last one goes. */
  users = 0;

  constructor(
    private readonly api: ReadinessApi,
    private readonly entityRef: string,
    private readonly etag: string | undefined,
  ) {}

  get current(): ScorecardSnapshot {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads the scorecard again; what is shown stays until the answer. */
  reload(): void {
    const request = ++this.sequence;
    this.publish({ ...this.snapshot, loading: true });
    Promise.all([
      this.api.getModel(),
      this.api.getScorecard(this.entityRef, { etag: this.etag }),
    ]).then(
      ([model, response]) => {
        if (request !== this.sequence) return;
        this.publish({ loading: false, value: { model, ...response } });
      },
      error => {
        if (request !== this.sequence) return;
        // What is shown stays (and a dialog open over it, with its draft).
        this.publish({ loading: false, value: this.snapshot.value, error });
      },
    );
  }

  /** Shows the scorecard a write returned; without one, reads it again. */
  replace(scorecard: EntityScorecard | undefined): void {
    const shown = this.snapshot.value;
    if (!scorecard || !shown) {
      this.reload();
      return;
    }
    // Requests still under way were sent before this write: drop them.
    this.sequence++;
    this.publish({
      loading: false,
      value: { ...shown, scorecard, stale: false },
    });
  }

  private publish(snapshot: ScorecardSnapshot) {
    this.snapshot = snapshot;
    this.listeners.forEach(listener => listener(snapshot));
  }
}

const stores = new WeakMap<ReadinessApi, Map<string, EntityScorecardStore>>();

/**
 * The store of an entity as the page read it (its catalog etag), created and
 * loaded for its first user; `release` when done with it.
 */
export function acquireScorecardStore(
  api: ReadinessApi,
  entityRef: string,
  etag: string | undefined,
): { store: EntityScorecardStore; release: () => void } {
  let byEntity = stores.get(api);
  if (!byEntity) {
    byEntity = new Map();
    stores.set(api, byEntity);
  }
  const key = `${entityRef} ${etag ?? ''}`;
  let store = byEntity.get(key);
  if (!store) {
    store = new EntityScorecardStore(api, entityRef, etag);
    byEntity.set(key, store);
    store.reload();
  }
  store.users++;
  const acquired = store;
  const entities = byEntity;
  return {
    store: acquired,
    release: () => {
      // The next view of the entity (another tab, a later visit) reads it afresh.
      if (--acquired.users === 0 && entities.get(key) === acquired) {
        entities.delete(key);
      }
    },
  };
}
