/*
 * The demo portal on the new frontend system: the readiness extensions the
 * app discovers from the plugin's `./alpha` export land where the demo shows
 * them, beside the app's own sidebar with "Act as".
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  launchBrowser,
  openAs,
  OUTPUT,
  waitForText,
} from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("a component's overview shows its readiness; a top gap opens the tab on that check", async () => {
  const page = await openAs(
    browser,
    undefined,
    '/catalog/default/component/payments-api',
  );
  const gaps = page.getByRole('list', { name: 'Top gaps' });
  const gap = gaps.getByRole('link').first();
  await gap.waitFor({ timeout: 90_000 });
  await screenshotOverview(page, 'portal-component-overview.png');
  await gap.click();
  await page.waitForURL(/\/payments-api\/readiness\?check=/);
  const checkId = new URL(page.url()).searchParams.get('check');
  await page.getByTestId('readiness-score').waitFor({ timeout: 60_000 });
  const row = page.getByTestId(`check-row-${checkId}`);
  assert.equal(
    await row.getByRole('button', { expanded: true }).count(),
    1,
    `the linked check ${checkId} is open`,
  );
});

test("a team's page shows the team readiness card with the API's rollup", async () => {
  const { rollup } = await api('/rollups/group/default/payments-team');
  const page = await openAs(
    browser,
    undefined,
    '/catalog/default/group/payments-team',
  );
  const score = page.getByTestId('group-readiness-score');
  await score.waitFor({ timeout: 90_000 });
  assert.equal(
    await waitForText(score, `${rollup.score}%`),
    `${rollup.score}%`,
  );
  await screenshotOverview(page, 'portal-group-overview.png');
});

test('the sidebar acts as the user chosen with ?as= or with "Act as", and leads to the organisation page', async () => {
  const page = await openAs(browser, 'bob', '/catalog');
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await sidebar.getByText('Bob Brown').waitFor({ timeout: 90_000 });
  // The address no longer says ?as=, so choosing another user sticks.
  assert.equal(new URL(page.url()).searchParams.has('as'), false);
  await sidebar.getByRole('button', { name: 'Act as (demo)' }).click();
  await page.getByRole('option', { name: 'Alice Andersson' }).click();
  // The page reloads signed in as the chosen user.
  await sidebar.getByText('Alice Andersson').waitFor({ timeout: 90_000 });
  await sidebar.getByRole('link', { name: 'Readiness', exact: true }).click();
  await page.waitForURL(/\/readiness$/);
  await page
    .getByRole('button', { name: 'Expand Engineering' })
    .waitFor({ timeout: 90_000 });

  // The tree is a treegrid a keyboard user walks with the arrow keys.
  const tree = page.getByRole('treegrid', { name: 'Organisation tree' });
  const engineering = tree.locator(
    'tr[data-row-key="group:default/engineering"]',
  );
  const focused = () =>
    page.evaluate(() => ({
      key: document.activeElement?.getAttribute('data-row-key'),
      level: document.activeElement?.getAttribute('aria-level'),
    }));
  await engineering.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() =>
    document.querySelector('tr[aria-level="3"]'),
  );
  assert.equal(await engineering.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  const child = await focused();
  assert.equal(child.level, '3');
  assert.notEqual(child.key, 'group:default/engineering');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focused()).key, 'group:default/engineering');
  await page.keyboard.press('ArrowLeft');
  await tree
    .locator(
      'tr[data-row-key="group:default/engineering"][aria-expanded="false"]',
    )
    .waitFor();
  assert.equal(await tree.locator('tr[aria-level="3"]').count(), 0);
});

async function screenshotOverview(page, file) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT, file) });
}
