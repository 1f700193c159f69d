/*
 * An exemption, requested by one user and approved by another: Alice
 * (payments team, an owner of payments-api) asks in the Readiness tab for an
 * exemption of a failing check; she may not approve it herself; Carol (a
 * readiness admin) opens the same tab and approves it; the check is Exempt
 * in the tab and in the API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  demoToken,
  FRONTEND,
  launchBrowser,
  openReadinessTab,
  screenshotFullPage,
} from '../lib/portal.mjs';

const ENTITY = 'default/component/payments-api';
const ENTITY_API = '/entities/component/default/payments-api';
const CHECK = 'security.secrets-management';
const TITLE = 'Secrets kept in a secret store';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const resultOf = async token =>
  (await api(ENTITY_API, { token })).scorecard.checks.find(
    c => c.checkId === CHECK,
  );

/** The check's row expanded, and its exemption region. */
async function exemptionOf(page) {
  await page
    .getByRole('button', { name: `Show guidance and details of ${TITLE}` })
    .click();
  const region = page.getByRole('region', { name: `Exemption of ${TITLE}` });
  await region.waitFor({ timeout: 60_000 });
  return region;
}

test('an owner requests an exemption in the tab and someone else approves it', async () => {
  // Partially met in the demo: failing, so an exemption may be asked for.
  assert.equal((await resultOf()).status, 'partially-met');

  const alice = await openReadinessTab(browser, undefined, ENTITY);
  const asked = await exemptionOf(alice);
  await asked.getByRole('button', { name: 'Request exemption' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog
    .getByLabel(/Why, and what happens/)
    .fill('Vault migration of the PSP keys is scheduled for January');
  await dialog.getByRole('button', { name: 'Request exemption' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  await asked
    .getByText(/Exemption requested until/)
    .waitFor({ timeout: 30_000 });

  // Pending: still failing, and the requester cannot approve it.
  const pending = await resultOf();
  assert.equal(pending.status, 'partially-met');
  assert.equal(pending.exemption.status, 'pending');
  const listed = await api(`${ENTITY_API}/exemptions`);
  const exemption = listed.items.find(
    e => e.checkId === CHECK && e.status === 'pending',
  );
  assert.equal(exemption.canDecide, false);
  await assert.rejects(
    api(`${ENTITY_API}/exemptions/${exemption.id}/approve`, {
      method: 'POST',
      body: { version: exemption.version },
    }),
    /403.*You requested this exemption/,
  );

  // Carol approves it in her own session.
  // A second session; its first page can take long on a busy machine.
  const carol = await (
    await browser.newContext({ viewport: { width: 1440, height: 1000 } })
  ).newPage();
  await carol.goto(`${FRONTEND}/catalog/${ENTITY}/readiness?as=carol`, {
    timeout: 180_000,
    waitUntil: 'domcontentloaded',
  });
  await carol.getByTestId('readiness-score').waitFor({ timeout: 120_000 });
  const toDecide = await exemptionOf(carol);
  await toDecide.getByRole('button', { name: 'Approve' }).click();
  const confirm = carol.getByRole('dialog');
  await confirm.getByRole('button', { name: 'Approve' }).click();
  await confirm.waitFor({ state: 'detached', timeout: 30_000 });
  await toDecide.getByText(/approved by/).waitFor({ timeout: 30_000 });
  await carol
    .locator(`[id="check-${CHECK}"]`)
    .getByText('Exempt', { exact: true })
    .waitFor({ timeout: 30_000 });
  await screenshotFullPage(carol, 'exemption-approved.png');

  const approved = await resultOf(await demoToken('carol'));
  assert.equal(approved.status, 'exempt');
  assert.equal(approved.points, null);
  assert.equal(approved.exemption.status, 'approved');
  assert.equal(approved.exemption.requestedBy, 'user:default/alice');
  assert.equal(approved.exemption.decidedBy, 'user:default/carol');
});

test('the demo has a pending and an approved exemption on payments-api', async () => {
  const { items } = await api(`${ENTITY_API}/exemptions`);
  const of = checkId => items.find(e => e.checkId === checkId);
  assert.equal(of('support.runbooks')?.status, 'pending');
  assert.equal(of('security.pen-test')?.status, 'approved');
  const penTest = (await api(ENTITY_API)).scorecard.checks.find(
    c => c.checkId === 'security.pen-test',
  );
  assert.equal(penTest.status, 'exempt');
  // It ends within 30 days: the payments team's rollup flags it.
  const { rollup } = await api('/rollups/group/default/payments-team');
  assert.ok(rollup.aggregate.exemptions.endingSoon >= 1);
});
