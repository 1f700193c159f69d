import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  demoToken,
  launchBrowser,
  openAs,
  OUTPUT,
  waitFor,
} from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("the home page's My readiness card lists the signed-in user's entities, lowest score first", async () => {
  // Alice's ownership refs: herself and her team.
  const token = await demoToken('alice');
  const mine = () =>
    api(
      '/scorecards?owner=user:default/alice&owner=group:default/payments-team&sort=score&order=asc&limit=8',
      { token },
    );
  // The first full run stores its pages one after the other.
  await waitFor(
    "alice's scored entities",
    async () => (await mine()).totalCount > 0,
    180_000,
  );
  const { items } = await mine();

  const page = await openAs(browser, 'alice', '/home');
  const list = page.getByRole('list', { name: 'Your entities' });
  await list.waitFor({ timeout: 90_000 });
  const links = await list.getByRole('link').allTextContents();
  assert.deepEqual(
    links,
    items.map(i => i.title ?? i.entityRef),
  );
  await page
    .getByRole('list', { name: 'Your entities' })
    .getByRole('link')
    .first()
    .click();
  await page.getByTestId('readiness-score').waitFor({ timeout: 60_000 });
  assert.match(page.url(), /\/readiness$/);
  await page.goBack();
  await list.waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: path.join(OUTPUT, 'home-my-readiness.png'),
    fullPage: true,
  });
});
