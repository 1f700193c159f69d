/**
 * Whether `promise` settles within `ms`: how a race test tells that one
 * transaction waits for another's lock.
 */
export function settledWithin(
  promise: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>(resolve => setTimeout(() => resolve(false), ms)),
  ]);
}

/**
 * A gate a hooked store method waits at (`await opened` after `reach()`),
 * and the signal that it got there (`arrived`): how a race test holds one
 * transaction at a chosen point while another runs.
 */
export function gate() {
  let open!: () => void;
  let reached!: () => void;
  return {
    opened: new Promise<void>(resolve => (open = resolve)),
    arrived: new Promise<void>(resolve => (reached = resolve)),
    open: () => open(),
    reach: () => reached(),
  };
}
