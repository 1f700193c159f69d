/* Helpers shared by the end-to-end tests. */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BACKEND = 'http://localhost:7007';
export const FRONTEND = 'http://localhost:3000';
/** packages/app-legacy, the app on the legacy frontend system (see run.mjs). */
export const LEGACY_FRONTEND = 'http://localhost:3001';
export const OUTPUT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../output',
);

export async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** A Backstage token of the default demo user (guest provider → alice). */
export async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  return (await res.json()).backstageIdentity.token;
}

/** A Backstage token of another demo user. */
export async function demoToken(user) {
  const res = await fetch(`${BACKEND}/api/auth/demo/refresh`, {
    headers: { 'x-demo-user': user },
  });
  return (await res.json()).backstageIdentity.token;
}

export async function api(pathname, { token, method = 'GET', body } = {}) {
  const res = await fetch(`${BACKEND}/api/readiness${pathname}`, {
    method,
    headers: {
      Authorization: `Bearer ${token ?? (await guestToken())}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(
      `${method} ${pathname}: ${res.status} ${JSON.stringify(json)}`,
    );
  return json;
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page signed in as `user` (undefined: the default demo user) through `?as=`. */
export async function openAs(browser, user, pathname, base = FRONTEND) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  const sep = pathname.includes('?') ? '&' : '?';
  // The dev server can be slow to answer the first navigation of a page.
  await page.goto(`${base}${pathname}${sep}as=${user ?? ''}`, {
    timeout: 120_000,
  });
  return page;
}

/** Waits until a locator's trimmed text equals `expected`; returns the last text seen. */
export async function waitForText(locator, expected, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let text;
  for (;;) {
    text = (await locator.textContent({ timeout: timeoutMs }))?.trim();
    if (text === expected || Date.now() > deadline) return text;
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Opens an entity's readiness tab and waits until its score is shown. */
export async function openReadinessTab(browser, user, entityPath) {
  const page = await openAs(browser, user, `/catalog/${entityPath}/readiness`);
  await page.getByTestId('readiness-score').waitFor({ timeout: 90_000 });
  return page;
}

/**
 * A screenshot of the whole page. Backstage scrolls inside its content
 * area, so a "full page" screenshot needs a viewport as tall as the content.
 */
export async function screenshotFullPage(page, file) {
  const height = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('main, body, #root')].map(
        e => e.scrollHeight,
      ),
    ),
  );
  const { width } = page.viewportSize();
  await page.setViewportSize({
    width,
    height: Math.min(Math.max(height, 800), 16_000),
  });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT, file) });
}

/**
 * Starts the demo portal (`npm start` in `root`) on the data folder
 * `dataDir`, with `env` added (APP_CONFIG_ overrides), in a process group of
 * its own; collects its output.
 */
export function startDemoPortal(root, dataDir, env = {}) {
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      READINESS_DATA_DIR: dataDir,
      BROWSER: 'none',
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  return {
    output: () => output,
    /** Stops the portal and everything it started. */
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already stopped.
      }
    },
  };
}
