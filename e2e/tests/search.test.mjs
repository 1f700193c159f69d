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

/** Every readiness document Backstage search returns for a term, page after page. */
async function searchReadiness(term) {
  const results = [];
  let cursor;
  do {
    const query = new URLSearchParams({ term, 'types[0]': 'readiness' });
    if (cursor) query.set('pageCursor', cursor);
    const res = await fetch(`${BACKEND}/api/search/query?${query}`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    if (!res.ok) return results;
    const body = await res.json();
    results.push(...body.results);
    cursor = body.nextPageCursor;
  } while (cursor);
  return results;
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

  // The collator indexes every two minutes in the demo, first a while
  // after the first readiness run: wait until the index has caught up.
  let results = [];
  await waitFor(
    'every entity failing the restore test in the search index',
    async () => {
      results = await searchReadiness('restore test');
      const found = new Set(results.map(r => r.document.entityRef));
      return failing.every(item => found.has(item.entityRef));
    },
    300_000,
  );
  assert.ok(results.every(r => r.type === 'readiness'));

  // In the portal's search page: the best result, as the API ranks it.
  const page = await openAs(browser, undefined, '/search?query=restore%20test');
  await page
    .getByText(results[0].document.title, { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: path.join(OUTPUT, 'search-restore-test.png'),
    fullPage: true,
  });
});
