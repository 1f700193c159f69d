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
