import { ReadinessStore } from '../../database/ReadinessStore';
import { SealedCursors } from './sealedCursors';

/** The state a store keeps, in memory; `failing` makes every read of it fail. */
function stateStore() {
  const state = new Map<string, unknown>();
  const store = {
    failing: false,
    async updateState<T>(key: string, update: (old: T | undefined) => T) {
      if (store.failing) throw new Error('database down');
      state.set(key, update(state.get(key) as T | undefined));
    },
    async getState<T>(key: string) {
      if (store.failing) throw new Error('database down');
      return state.get(key) as T | undefined;
    },
  };
  return store;
}

const REF = `component:${'n'.repeat(63)}/${'x'.repeat(63)}`;

describe('SealedCursors', () => {
  it('opens what it sealed, on another instance sharing the store, and nothing else', async () => {
    const store = stateStore();
    const one = new SealedCursors(store as unknown as ReadinessStore);
    const other = new SealedCursors(store as unknown as ReadinessStore);
    const sealed = await one.seal(REF);
    expect(sealed).not.toContain('xxxx');
    expect(await other.open(sealed)).toBe(REF);
    const changed = `${sealed.slice(0, 20)}${
      sealed[20] === 'A' ? 'B' : 'A'
    }${sealed.slice(21)}`;
    expect(await other.open(changed)).toBeUndefined();
    expect(await other.open('~short')).toBeUndefined();
    expect(await other.open(REF)).toBeUndefined();
  });

  it('says the store failed, rather than that a good cursor is bad', async () => {
    const store = stateStore();
    const sealed = await new SealedCursors(
      store as unknown as ReadinessStore,
    ).seal(REF);
    store.failing = true;
    const fresh = new SealedCursors(store as unknown as ReadinessStore);
    await expect(fresh.open(sealed)).rejects.toThrow('database down');
    // Once the store answers again, the cursor opens.
    store.failing = false;
    expect(await fresh.open(sealed)).toBe(REF);
  });
});
