/*
 * A readiness notice reaches the bell: an administrator restores a backup
 * in which the payments ledger's cloud account review was answered 400 days
 * ago (the answer is valid for a year), the notices task runs (started
 * through the scheduler's own endpoint rather than waiting for its
 * interval, with the demo's operator token: the backend refuses that
 * endpoint to users and to tokens limited to some permissions), and Alice, of the owning team, sees the notice in the sidebar
 * and follows its link to the check on the readiness tab.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BACKEND,
  demoToken,
  FRONTEND,
  guestToken,
  launchBrowser,
  OUTPUT,
  waitFor,
} from '../lib/portal.mjs';

const ENTITY = 'component:default/payments-ledger';
const CHECK = 'security.account-security';
const TITLE = 'Payments Ledger: "Cloud account security reviewed" expired on';
/** The demo's operator token (app-config.demo.yaml), a service's. */
const DEMO_OPS_TOKEN = 'demo-ops-token';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function call(token, pathname, { method = 'GET', body } = {}) {
  const res = await fetch(`${BACKEND}${pathname}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res;
}

/** Alice's readiness notices about the check, as the bell reads them. */
async function aliceNotices() {
  const res = await call(
    await guestToken(),
    `/api/notifications/notifications?limit=50&search=${encodeURIComponent(
      'Cloud account security reviewed',
    )}`,
  );
  assert.equal(res.status, 200);
  return (await res.json()).notifications.filter(n =>
    n.payload.title.startsWith(TITLE),
  );
}

test('the bell shows a readiness notice once an answer has expired', async () => {
  const carol = await demoToken('carol');
  assert.deepEqual(await aliceNotices(), []);

  // The backup, with the answer given 400 days ago added to what is there.
  const backup = await (await call(carol, '/api/readiness/export')).json();
  const answeredAt = new Date(Date.now() - 400 * 86_400_000).toISOString();
  backup.answers = backup.answers.filter(
    a => !(a.entityRef === ENTITY && a.checkId === CHECK),
  );
  backup.answers.push({
    entityRef: ENTITY,
    checkId: CHECK,
    status: 'met',
    evidenceUrl: 'https://wiki.acme.example/payments/cloud-account-review',
    source: 'portal',
    answeredBy: 'user:default/alice',
    answeredAt,
    version: 1,
  });
  const restored = await call(carol, '/api/readiness/import?restore=true', {
    method: 'POST',
    body: backup,
  });
  assert.equal(restored.status, 200, await restored.text());

  // Runs the notices task now; while it runs already the trigger is refused
  // (409), so ask again until it is taken. A user may not (403), nor the
  // pipelines' token, limited to some permissions.
  const trigger = token =>
    call(
      token,
      '/api/readiness/.backstage/scheduler/v1/tasks/readiness-notifications/trigger',
      { method: 'POST' },
    );
  assert.equal((await trigger(carol)).status, 403);
  assert.equal((await trigger('demo-ci-token')).status, 403);
  await waitFor(
    'the notices task to be triggered',
    async () => (await trigger(DEMO_OPS_TOKEN)).ok,
    120_000,
  );
  try {
    await waitFor(
      'the notice',
      async () => (await aliceNotices()).length === 1,
      120_000,
    );
  } catch (error) {
    // What the scheduler says of the task, to tell a late run from a failed one.
    const tasks = await (
      await call(carol, '/api/readiness/.backstage/scheduler/v1/tasks')
    ).json();
    const task = tasks.tasks?.find(t => t.taskId === 'readiness-notifications');
    throw new Error(`${error}; task: ${JSON.stringify(task)}`);
  }
  const [notice] = await aliceNotices();
  assert.equal(notice.payload.topic, 'Readiness: answer expired');
  assert.equal(
    notice.payload.link,
    `/catalog/default/component/payments-ledger/readiness?check=${CHECK}`,
  );

  // In the portal: the bell counts the unread notices (in the window title
  // too), and the notifications page lists this one.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  // The first page of the portal in a run can take long on a busy machine.
  await page.goto(`${FRONTEND}/catalog?as=`, {
    timeout: 180_000,
    waitUntil: 'domcontentloaded',
  });
  const bell = page.getByRole('link', { name: /Notifications/ });
  await bell.waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => /^\(\d+\)/.test(document.title), null, {
    timeout: 60_000,
  });
  await bell.click();
  const item = await filterNotices(page, 'Cloud account security reviewed');
  await page.screenshot({
    path: path.join(OUTPUT, 'notifications-bell.png'),
    fullPage: true,
  });

  // Its link opens the readiness tab at the check.
  await item.click();
  await page.waitForURL(/\/readiness\?check=security\.account-security/, {
    timeout: 60_000,
  });
  await page.locator(`[id="check-${CHECK}"]`).waitFor({ timeout: 90_000 });
});

/**
 * Filters the notifications page for a notice and returns its link. A
 * filter typed while the page's first list still loads can be lost (in a
 * loop of 54 tries the notice did not show twice; the one examined had the
 * field empty again and the list unfiltered), so it is typed again until
 * the notice shows; the page is reloaded when it shows no filter field.
 */
async function filterNotices(page, text) {
  const filter = page.getByPlaceholder('Filter');
  const item = page.getByRole('link', { name: TITLE });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const shown = await filter.waitFor({ timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      await page.reload({ waitUntil: 'domcontentloaded' });
      continue;
    }
    if ((await filter.inputValue()) !== text) await filter.fill(text);
    try {
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      return item;
    } catch {
      // Not there yet: type the filter again.
      await filter.fill('').catch(() => {});
    }
  }
  // What the page showed, to tell a slow list from a wrong one.
  await page.screenshot({
    path: path.join(OUTPUT, 'notifications-bell-failed.png'),
    fullPage: true,
  });
  const shown = (await page.locator('body').innerText()).slice(0, 1500);
  throw new Error(
    `The notice is not on the notifications page; it shows: ${shown}`,
  );
}
