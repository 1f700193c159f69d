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
  // Answers to renew: of those of alice's entities whose own answers
  // expire soonest, whichever their scores.
  const by = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const toRenew = await api(
    `/scorecards?owner=user:default/alice&owner=group:default/payments-team&expiringBy=${by}&sort=nextExpiry&limit=8`,
    { token },
  );
  if (toRenew.totalCount === 0) {
    await page
      .getByText('No answer of your entities expires within 30 days.')
      .waitFor({ timeout: 30_000 });
  } else {
    const expiring = page.getByRole('list', { name: 'Expiring answers' });
    const lines = (await expiring.getByRole('listitem').allTextContents()).join(
      '\n',
    );
    for (const item of toRenew.items) {
      assert.ok(
        lines.includes(item.title ?? item.entityRef),
        `${item.entityRef} (first expiry ${item.nextExpiry}) is not among the expiring answers:\n${lines}`,
      );
    }
  }
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
