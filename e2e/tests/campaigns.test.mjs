/*
 * A campaign created in the portal by an admin: Carol (readiness admin)
 * opens the organisation page's Campaigns tab, sees the demo's app-config
 * campaigns (one running, one overdue), creates one for the payments team,
 * and finds its progress, its teams and the entities still missing; the API
 * lists it with the same progress. Alice (no readiness.campaign.manage) gets
 * no New campaign button and a 403 from the API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  demoToken,
  launchBrowser,
  openAs,
  screenshotFullPage,
  waitFor,
} from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const TITLE = 'Gold for payments (e2e)';

test('an admin creates a campaign in the Campaigns tab and sees its progress', async () => {
  // The demo's campaigns get their progress from the first full run.
  await waitFor(
    'the first full run to compute the overdue demo campaign',
    async () =>
      (
        await api('/campaigns')
      ).items.some(c => c.id === 'restore-tests' && c.overdue),
    180_000,
  );
  const carol = await openAs(browser, 'carol', '/readiness/campaigns');
  const list = carol.getByRole('table', { name: 'Campaigns' });
  await list.waitFor({ timeout: 120_000 });
  await list
    .getByRole('button', { name: 'Payments services at Silver' })
    .waitFor({ timeout: 60_000 });
  await list
    .getByText(/Overdue since/)
    .first()
    .waitFor({ timeout: 30_000 });

  await carol.getByRole('button', { name: 'New campaign' }).click();
  const dialog = carol.getByRole('dialog', { name: 'New campaign' });
  await dialog.getByLabel(/Title/).fill(TITLE);
  await dialog.getByLabel(/Deadline/).fill('2027-06-30');
  await dialog.getByLabel(/Owners/).fill('group:default/payments-team');
  await dialog.getByLabel(/Kinds/).fill('component');
  await dialog.getByRole('button', { name: 'Create campaign' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 60_000 });

  const created = list.getByRole('button', { name: TITLE, exact: true });
  await created.waitFor({ timeout: 30_000 });
  // The backend's campaign progress task computes it after the save; the
  // tab reads the list again until its counts replace "Computing progress…".
  const escaped = TITLE.replace(/[()]/g, '\\$&');
  await list
    .getByRole('progressbar', {
      name: new RegExp(`^${escaped}: \\d+ of \\d+ done$`),
    })
    .waitFor({ timeout: 60_000 });
  await created.click();
  // The teams are read a level at a time: acme, the only top-level team,
  // opens by itself; engineering opens on asking, with the payments team.
  const teams = carol.getByRole('table', {
    name: `Progress of ${TITLE} by team`,
  });
  await teams
    .getByRole('button', { name: /^Expand group:default\/engineering / })
    .click({ timeout: 60_000 });
  await teams
    .locator('a[href*="/group/payments-team"]')
    .waitFor({ timeout: 60_000 });
  await carol
    .getByRole('table', { name: `Entities missing from ${TITLE}` })
    .waitFor({ timeout: 60_000 });
  await screenshotFullPage(carol, 'campaign-created.png');

  const { items } = await api('/campaigns', {
    token: await demoToken('carol'),
  });
  const campaign = items.find(c => c.title === TITLE);
  assert.equal(campaign.source, 'portal');
  assert.equal(campaign.createdBy, 'user:default/carol');
  assert.ok(campaign.progress.total > 0, 'the payments team owns components');
  assert.ok(items.some(c => c.id === 'restore-tests' && c.overdue));

  // Alice may read campaigns but not manage them.
  const alice = await openAs(browser, undefined, '/readiness/campaigns');
  await alice
    .getByRole('table', { name: 'Campaigns' })
    .waitFor({ timeout: 120_000 });
  assert.equal(
    await alice.getByRole('button', { name: 'New campaign' }).count(),
    0,
  );
  await assert.rejects(
    api('/campaigns', {
      method: 'POST',
      body: { title: 'x', target: { level: 'silver' }, deadline: '2027-01-01' },
    }),
    /403/,
  );
});
