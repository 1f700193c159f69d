import { Knex } from 'knex';
import request from 'supertest';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { alice, base, cart, startBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { metricsCampaign } from '../__testUtils__/campaigns';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/** A user a policy lets write readiness data, but not read scorecards. */
const WRITER = 'user:default/wendy';
const wendy = mockCredentials.user.header(WRITER);

/** Everyone may do everything, except that the writer may not read scorecards. */
const policy = mockServices.permissions.mock({
  authorize: async (requests: any[], options: any) =>
    requests.map(r => ({
      result:
        options.credentials.principal.userEntityRef === WRITER &&
        r.permission.name === 'readiness.scorecard.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  authorizeConditional: async (requests: any[], options: any) =>
    requests.map(r => ({
      result:
        options.credentials.principal.userEntityRef === WRITER &&
        r.permission.name === 'readiness.scorecard.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
});

const DAY_MS = 24 * 60 * 60 * 1000;
const invoke = (name: string) =>
  `${base}/.backstage/actions/v1/actions/readiness:${name}/invoke`;

/*
 * `readiness.scorecard.read` guards every read of a scorecard, so a write
 * answers with the rescored scorecard only to a caller who may read it: a
 * policy may let someone answer checks (a bot, a contractor) without
 * letting them read scores.
 */
describe.each(databases.eachSupportedId())('write replies on %s', id => {
  let api: ReturnType<typeof request>;

  beforeEach(async () => {
    const knex: Knex = await databases.init(id);
    ({ api } = await startBackend({ knex, permissions: policy }));
  });

  it('carry no scorecard to a caller who may not read scorecards', async () => {
    await api.get(cart).set('Authorization', wendy).expect(403);
    const answer = await api
      .put(`${cart}/answers/support.runbooks`)
      .set('Authorization', wendy)
      .send({ status: 'met', note: 'runbook in the wiki', version: 0 })
      .expect(200);
    expect(answer.body.answer).toMatchObject({ status: 'met', version: 1 });
    expect(answer.body).not.toHaveProperty('scorecard');

    const role = await api
      .put(`${cart}/roles/dba`)
      .set('Authorization', wendy)
      .send({ holders: ['user:default/alice'], version: 0 })
      .expect(200);
    expect(role.body.role.holders).toEqual(['user:default/alice']);
    expect(role.body).not.toHaveProperty('scorecard');

    const cost = await api
      .put(`${cart}/cost`)
      .set('Authorization', wendy)
      .send({
        currency: 'EUR',
        date: '2026-11-01',
        tiers: [
          { users: 0, monthlyCost: 450 },
          { users: 1000, monthlyCost: 2100 },
        ],
        version: 0,
      })
      .expect(200);
    expect(cost.body.costTable.currency).toBe('EUR');
    expect(cost.body).not.toHaveProperty('scorecard');

    const exemption = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', wendy)
      .send({
        checkId: 'recoverability.restore-test',
        reasonCode: 'planned-remediation',
        reasonText: 'Restore drill booked with the DBA team',
        endsOn: new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10),
      })
      .expect(201);
    expect(exemption.body.exemption.status).toBe('pending');
    expect(exemption.body).not.toHaveProperty('scorecard');

    const deleted = await api
      .delete(`${cart}/answers/support.runbooks`)
      .set('Authorization', wendy)
      .send({ version: 1 })
      .expect(200);
    expect(deleted.body).not.toHaveProperty('scorecard');

    const action = await api
      .post(invoke('answer-check'))
      .set('Authorization', wendy)
      .send({
        entityRef: 'cart',
        checkId: 'support.open-source',
        status: 'not-met',
        version: 0,
      })
      .expect(200);
    expect(action.body.output).toEqual({
      checkId: 'support.open-source',
      status: 'not-met',
      version: 1,
    });
  });

  it("carry a conflict's stored record only to a caller who may read scorecards", async () => {
    await api
      .put(`${cart}/answers/support.runbooks`)
      .set('Authorization', alice)
      .send({ status: 'met', note: 'in the ops wiki', version: 0 })
      .expect(200);
    const stale = { status: 'not-met', note: 'no runbook', version: 0 };
    const refused = await api
      .put(`${cart}/answers/support.runbooks`)
      .set('Authorization', wendy)
      .send(stale)
      .expect(409);
    expect(refused.body.error.message).toMatch(/current version is 1/);
    expect(refused.body.error).not.toHaveProperty('current');
    const action = await api
      .post(invoke('answer-check'))
      .set('Authorization', wendy)
      .send({ entityRef: 'cart', checkId: 'support.runbooks', ...stale })
      .expect(409);
    expect(JSON.stringify(action.body)).not.toContain('in the ops wiki');

    const reader = await api
      .put(`${cart}/answers/support.runbooks`)
      .set('Authorization', alice)
      .send(stale)
      .expect(409);
    expect(reader.body.error.current).toMatchObject({
      note: 'in the ops wiki',
      version: 1,
    });
  });

  it('refuse an exemption of a passing check without naming its status to a caller who may not read it', async () => {
    const exemption = {
      checkId: 'monitoring.metrics',
      reasonCode: 'planned-remediation',
      reasonText: 'Dashboards move to the new stack',
      endsOn: new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10),
    };
    const hidden = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', wendy)
      .send(exemption)
      .expect(400);
    expect(hidden.body.error.message).toBe(
      'Invalid exemption: checkId: monitoring.metrics is not failing; only a failing check can be exempted',
    );
    const shown = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(exemption)
      .expect(400);
    expect(shown.body.error.message).toMatch(/monitoring\.metrics is met/);
  });

  it("keep a campaign's stored definition in a 409 for whoever may manage campaigns", async () => {
    // A definition is not an entity's record: its managers see it.
    const created = await api
      .post(`${base}/campaigns`)
      .set('Authorization', wendy)
      .send(metricsCampaign)
      .expect(201);
    const { id: campaignId } = created.body.campaign;
    await api
      .put(`${base}/campaigns/${campaignId}`)
      .set('Authorization', wendy)
      .send({ ...metricsCampaign, title: 'Metrics first', version: 1 })
      .expect(200);
    const stale = await api
      .put(`${base}/campaigns/${campaignId}`)
      .set('Authorization', wendy)
      .send({ ...metricsCampaign, version: 1 })
      .expect(409);
    expect(stale.body.error.current).toMatchObject({
      title: 'Metrics first',
      version: 2,
    });
  });

  it('carry the rescored scorecard to a caller who may read it', async () => {
    const answer = await api
      .put(`${cart}/answers/support.runbooks`)
      .set('Authorization', alice)
      .send({ status: 'met', note: 'runbook in the wiki', version: 0 })
      .expect(200);
    const runbook = answer.body.scorecard.checks.find(
      (c: { checkId: string }) => c.checkId === 'support.runbooks',
    );
    expect(runbook).toMatchObject({ status: 'met', source: 'portal' });

    const action = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send({
        entityRef: 'cart',
        checkId: 'support.runbooks',
        status: 'not-met',
        version: 1,
      })
      .expect(200);
    expect(action.body.output).toMatchObject({
      version: 2,
      score: expect.any(Number),
    });
    // Null while the entity has not reached the first level.
    expect(action.body.output).toHaveProperty('level');
  });
});
