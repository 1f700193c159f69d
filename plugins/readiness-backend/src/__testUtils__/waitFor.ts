/**
 * Resolves once `done()` holds, checking every 20 ms for up to 10 s: for
 * what a backend records after its reply has gone (an export's audit event
 * comes once its snapshot transaction has ended).
 */
export async function waitFor(done: () => boolean) {
  for (let i = 0; i < 500 && !done(); i++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
