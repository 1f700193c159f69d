import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  api,
  demoToken,
  launchBrowser,
  openAs,
  waitFor,
} from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("the Entities tab's Export CSV downloads every entity its search matches, in one streamed request", async () => {
  const token = await demoToken('alice');
  const matches = () =>
    api('/scorecards?q=payments&sort=entityRef&limit=500', { token });
  await waitFor(
    'scored entities matching "payments"',
    async () => (await matches()).totalCount > 1,
    180_000,
  );
  const { items, totalCount } = await matches();

  const page = await openAs(browser, 'alice', '/readiness/entities');
  const exports = [];
  page.on('request', request => {
    if (new URL(request.url()).pathname.endsWith('/export.csv')) {
      exports.push(request.url());
    }
  });
  const search = page.getByRole('textbox', { name: 'Search entities' });
  await search.waitFor({ timeout: 90_000 });
  await search.fill('payments');
  await search.press('Enter');
  await page
    .getByText(`${totalCount} entities match`, { exact: true })
    .waitFor({ timeout: 60_000 });

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page
      .getByRole('button', { name: 'Export CSV (every matching entity)' })
      .click(),
  ]);
  assert.equal(download.suggestedFilename(), 'readiness-entities.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.match(lines[0], /^entityRef,kind,title,/);
  // Every match, in ref order, from one request carrying the search.
  assert.deepEqual(
    lines.slice(1).map(line => line.split(',')[0]),
    items.map(item => item.entityRef),
  );
  assert.equal(exports.length, 1);
  assert.equal(new URL(exports[0]).searchParams.get('q'), 'payments');
  await page.context().close();
});
