import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, launchBrowser, openAs, OUTPUT } from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the Readiness tab shows the score the API computes', async () => {
  const { scorecard } = await api('/entities/component/default/payments-api');
  const page = await openAs(
    browser,
    undefined,
    '/catalog/default/component/payments-api/readiness',
  );
  const score = page.getByTestId('readiness-score');
  await score.waitFor({ timeout: 60_000 });
  assert.equal((await score.textContent()).trim(), `${scorecard.score}%`);
  await page.screenshot({
    path: path.join(OUTPUT, 'smoke-readiness-tab.png'),
    fullPage: true,
  });
});
