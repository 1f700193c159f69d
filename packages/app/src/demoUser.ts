/*
 * "Act as" for the demo portal. The chosen demo user lives in localStorage;
 * `?as=<user>` in any URL sets it (and `?as=` clears it), so links and
 * headless browsers can open the portal as a given user without a click.
 */

const STORAGE_KEY = 'readiness-demo-user';

/**
 * Takes `?as=` from the address: remembers the user and removes the
 * parameter, so that a reload or a later choice in "Act as" is not undone
 * by it.
 */
export function readDemoUserFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('as')) return;
  const user = url.searchParams.get('as')?.trim().toLocaleLowerCase('en-US');
  setDemoUser(user || undefined);
  url.searchParams.delete('as');
  window.history.replaceState(window.history.state, '', url);
}

/** The demo user acted as, or undefined for the default (guest) sign-in. */
export function getDemoUser(): string | undefined {
  return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function setDemoUser(user: string | undefined) {
  if (user) window.localStorage.setItem(STORAGE_KEY, user);
  else window.localStorage.removeItem(STORAGE_KEY);
}
