/*
 * "Act as" for the demo portal. The chosen demo user lives in localStorage;
 * `?as=<user>` in any URL sets it (and `?as=` clears it), so links and
 * headless browsers can open the portal as a given user without a click.
 */

const STORAGE_KEY = 'readiness-demo-user';

export function readDemoUserFromUrl(location: Location = window.location) {
  const params = new URLSearchParams(location.search);
  if (!params.has('as')) return;
  const user = params.get('as')?.trim().toLocaleLowerCase('en-US');
  if (user) window.localStorage.setItem(STORAGE_KEY, user);
  else window.localStorage.removeItem(STORAGE_KEY);
}

/** The demo user acted as, or undefined for the default (guest) sign-in. */
export function getDemoUser(): string | undefined {
  return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function setDemoUser(user: string | undefined) {
  if (user) window.localStorage.setItem(STORAGE_KEY, user);
  else window.localStorage.removeItem(STORAGE_KEY);
}
