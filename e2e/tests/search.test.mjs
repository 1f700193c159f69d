import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  BACKEND,
  guestToken,
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

/** The readiness documents Backstage search returns for a term. */
async function searchReadiness(term) {
  const res = await fetch(
    `${BACKEND}/api/search/query?term=${encodeURIComponent(
      term,
    )}&types%5B0%5D=readiness`,
    { headers: { Authorization: `Bearer ${await guestToken()}` } },
  );
  return res.ok ? (await res.json()).results : [];
}

test('searching "restore test" finds the entities whose restore test is failing', async () => {
  // Which entities fail it, from the readiness API.
  const failing = [];
  let after = '';
  for (;;) {
    const page = await api(
      `/scorecards/failing-checks?after=${encodeURIComponent(after)}`,
    );
    failing.push(
      ...page.items.filter(i =>
        i.failingChecks.includes('recoverability.restore-test'),
      ),
    );
    if (!page.next) break;
    after = page.next;
  }
  assert.ok(
    failing.length > 0,
    'the demo has entities failing the restore test',
  );

  // The collator indexes a while after the first readiness run.
  await waitFor(
    'the readiness documents in the search index',
    async () => (await searchReadiness('restore')).length > 0,
    240_000,
  );
  const found = (await searchReadiness('restore test')).map(
    r => r.document.entityRef,
  );
  for (const item of failing)
    assert.ok(found.includes(item.entityRef), item.entityRef);

  // In the portal's search page.
  const page = await openAs(browser, undefined, '/search?query=restore%20test');
  const expected = failing[0].title ?? failing[0].entityRef;
  await page
    .getByText(expected, { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: path.join(OUTPUT, 'search-restore-test.png'),
    fullPage: true,
  });
});
