/*
 * The legacy frontend system: packages/app-legacy composes the plugin's
 * legacy exports (createPlugin, routable page, entity tab and cards) and runs
 * against the same backend as the demo.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  launchBrowser,
  LEGACY_FRONTEND,
  openAs,
  OUTPUT,
} from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the legacy app signs in and its Readiness tab shows the score the API computes', async () => {
  const { scorecard } = await api(
    '/entities/component/default/payments-ledger',
  );
  const page = await openAs(
    browser,
    undefined,
    '/catalog/default/component/payments-ledger/readiness',
    LEGACY_FRONTEND,
  );
  const score = page.getByTestId('readiness-score');
  await score.waitFor({ timeout: 60_000 });
  assert.equal((await score.textContent()).trim(), `${scorecard.score}%`);
  // Signed in through the guest provider as the default demo user, who
  // owns this component and so may answer its checks.
  await page
    .getByRole('button', { name: /^Answer / })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({
    path: path.join(OUTPUT, 'legacy-readiness-tab.png'),
    fullPage: true,
  });
});
