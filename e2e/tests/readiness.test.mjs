import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  api,
  demoToken,
  launchBrowser,
  openAs,
  openReadinessTab,
  OUTPUT,
  screenshotFullPage,
  waitForText,
} from '../lib/portal.mjs';

const ENTITY = 'default/component/payments-api';
const ENTITY_API = '/entities/component/default/payments-api';
const TEAM_API = '/rollups/group/default/payments-team';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('an owner answers a check in the tab; the tab and the team rollup show what the API computes', async () => {
  const { scorecard: before } = await api(ENTITY_API);
  const { rollup: teamBefore } = await api(TEAM_API);
  const loadTest = before.checks.find(
    c => c.checkId === 'scalability.load-test',
  );
  // The demo leaves this check unanswered on purpose (no annotation).
  assert.equal(loadTest.status, 'unknown');

  const page = await openReadinessTab(browser, undefined, ENTITY);
  assert.equal(
    await waitForText(page.getByTestId('readiness-score'), `${before.score}%`),
    `${before.score}%`,
  );
  await page
    .getByRole('button', { name: 'Answer Realistic load test run' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Met', { exact: true }).check();
  await dialog
    .getByLabel('Evidence URL')
    .fill('https://reports.acme.example/payments-api/load-test-2026-11');
  await dialog.getByLabel('Note').fill('k6, EU and US journeys, 3x peak');
  await dialog.getByRole('button', { name: 'Save answer' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });

  const { scorecard: afterAnswer } = await api(ENTITY_API);
  const answered = afterAnswer.checks.find(
    c => c.checkId === 'scalability.load-test',
  );
  assert.equal(answered.status, 'met');
  assert.equal(answered.source, 'portal');
  assert.equal(answered.answer.answeredBy, 'user:default/alice');
  assert.notEqual(afterAnswer.score, before.score);
  assert.equal(
    await waitForText(
      page.getByTestId('readiness-score'),
      `${afterAnswer.score}%`,
    ),
    `${afterAnswer.score}%`,
  );
  const row = page.getByTestId('check-row-scalability.load-test');
  assert.match(await row.textContent(), /Met/);
  assert.match(await row.textContent(), /Portal/);
  await screenshotFullPage(page, 'readiness-tab.png');

  const { rollup: teamAfter } = await api(TEAM_API);
  assert.notEqual(teamAfter.score, teamBefore.score);
  const org = await openAs(browser, undefined, '/readiness');
  // ACME opens by itself; open Engineering to reach the payments team.
  await org
    .getByRole('button', { name: 'Expand Engineering' })
    .click({ timeout: 90_000 });
  const teamScore = org.getByTestId('org-score-group:default/payments-team');
  assert.equal(
    await waitForText(teamScore, `${teamAfter.score}%`),
    `${teamAfter.score}%`,
  );
  await org
    .getByRole('button', { name: 'Show the entities and trend of Payments' })
    .click();
  await org
    .getByRole('table', { name: 'Entities of Payments' })
    .getByRole('link', { name: 'Payments API' })
    .waitFor();
  await screenshotFullPage(org, 'readiness-org-page.png');
});

test('a non-owner sees the tab read-only, with a hint why', async () => {
  // The backend agrees: bob may not answer for the payments team.
  await assert.rejects(
    api(`${ENTITY_API}/answers/cost.people-cost`, {
      token: await demoToken('bob'),
      method: 'PUT',
      body: { status: 'met', version: 0 },
    }),
    /403/,
  );
  const page = await openReadinessTab(browser, 'bob', ENTITY);
  const hint = page.getByTestId('readiness-read-only');
  await hint.waitFor({ timeout: 30_000 });
  assert.match(await hint.textContent(), /only the owners of/);
  for (const name of [
    /^Answer /,
    /^Re-attest /,
    /^Revert /,
    /^Assign holders /,
  ]) {
    assert.equal(
      await page.getByRole('button', { name }).count(),
      0,
      String(name),
    );
  }
  assert.match(
    await page
      .getByRole('table', { name: 'Roles and holders' })
      .locator('xpath=..')
      .textContent(),
    /Only the owners of this entity can assign role holders/,
  );
});

test('an owner assigns a role holder with the picker and the role-health warning goes away', async () => {
  const { scorecard } = await api(ENTITY_API);
  const testManager = scorecard.roles.find(r => r.roleId === 'test-manager');
  assert.deepEqual(
    testManager.problems.map(p => p.type),
    ['unassigned'],
  );

  const page = await openReadinessTab(browser, undefined, ENTITY);
  const row = page.getByTestId('role-row-test-manager');
  await row.getByText('Unassigned').waitFor();
  const card = page
    .getByRole('table', { name: 'Roles and holders' })
    .locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
  await card.screenshot({
    path: path.join(OUTPUT, 'readiness-roles-before.png'),
  });

  await row
    .getByRole('button', { name: 'Assign holders of Test Manager/Engineer' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Holders').fill('bob');
  await page.getByRole('option', { name: /Bob Brown/ }).click();
  await dialog.getByRole('button', { name: 'Save holders' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });

  await row
    .getByText('Unassigned')
    .waitFor({ state: 'detached', timeout: 30_000 });
  // The link shows the user's display name once the catalog answered.
  await row.getByText('Bob Brown').waitFor({ timeout: 30_000 });
  assert.match(await row.textContent(), /Portal/);
  assert.match(await row.textContent(), /Healthy/);
  const { scorecard: after } = await api(ENTITY_API);
  const assigned = after.roles.find(r => r.roleId === 'test-manager');
  assert.deepEqual(assigned.holders, ['user:default/bob']);
  assert.deepEqual(assigned.problems, []);
  await card.screenshot({
    path: path.join(OUTPUT, 'readiness-roles-card.png'),
  });
});
