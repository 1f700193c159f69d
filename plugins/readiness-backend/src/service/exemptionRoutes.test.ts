import { Knex } from 'knex';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/** The cart's restore test (roles dba and test-manager): unanswered, so failing. */
const checkId = 'recoverability.restore-test';
const DAY_MS = 24 * 60 * 60 * 1000;
const dayAhead = (days: number) =>
  new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

const request = (over: object = {}) => ({
  checkId,
  reasonCode: 'planned-remediation',
  reasonText: 'Restore drill booked with the DBA team',
  endsOn: dayAhead(90),
  ...over,
});

const resultOf = (scorecard: any, id = checkId) =>
  scorecard.checks.find((c: any) => c.checkId === id);

describe.each(databases.eachSupportedId())('exemption routes on %s', id => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let audit: Awaited<ReturnType<typeof startBackend>>['audit'];

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ api, audit } = await startBackend({ knex }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  /** Alice (owner) requests; bob is made a test manager of the cart. */
  async function requested() {
    const res = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
    await api
      .put(`${cart}/roles/test-manager`)
      .set('Authorization', alice)
      .send({ holders: ['user:default/bob'], version: 0 })
      .expect(200);
    return res.body.exemption;
  }

  it('requests an exemption: pending, the check still failing', async () => {
    const res = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
    expect(res.body.exemption).toMatchObject({
      entityRef: 'component:default/cart',
      checkId,
      status: 'pending',
      requestedBy: 'user:default/alice',
      version: 1,
    });
    const result = resultOf(res.body.scorecard);
    expect(result.status).not.toBe('exempt');
    expect(result.points).toBe(0);
    expect(result.exemption).toMatchObject({ status: 'pending' });
    // A second open request for the same check is a conflict.
    await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(409);
    // Only those who may answer the entity's checks may request.
    await api
      .post(`${cart}/exemptions`)
      .set('Authorization', bob)
      .send(request())
      .expect(403);
  });

  it('scores a check the stored scorecard does not list yet (new to the model) before taking a request for it', async () => {
    const db = await databases.init(id);
    const before = await startBackend({
      knex: db,
      config: { readiness: { checks: { disabled: ['monitoring.metrics'] } } },
    });
    await before.api
      .post(`${base}/compute`)
      .set('Authorization', carol)
      .expect(202);
    // An upgrade adds the check; no full run has scored it yet.
    const after = await startBackend({ knex: db });
    const res = await after.api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request({ checkId: 'monitoring.metrics' }))
      .expect(400);
    expect(res.body.error.message).toMatch(/monitoring\.metrics is met/);
  });

  it('rejects invalid requests with a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ endsOn: dayAhead(181) }, /endsOn: must be at most 180 days/],
      [{ endsOn: dayAhead(-1) }, /endsOn: must be after today/],
      [{ endsOn: '2027-13-01' }, /endsOn/],
      [{ reasonCode: 'because' }, /reasonCode/],
      [{ reasonText: '  ' }, /reasonText/],
      [{ checkId: 'nope.nothing' }, /checkId: 'nope.nothing' is not in/],
      // Met through its annotation: nothing to waive.
      [{ checkId: 'monitoring.metrics' }, /checkId: monitoring.metrics is met/],
      [{ colour: 'red' }, /colour/],
    ];
    for (const [over, message] of cases) {
      const res = await api
        .post(`${cart}/exemptions`)
        .set('Authorization', alice)
        .send(request(over))
        .expect(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('refuses to exempt a check that is met on an entity not scored yet', async () => {
    // Added to the catalog since the last run: nothing stored to go by.
    await knex('readiness_scorecards')
      .where({ entity_ref: 'component:default/cart' })
      .delete();
    const res = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request({ checkId: 'monitoring.metrics' }))
      .expect(400);
    expect(res.body.error.message).toMatch(
      /checkId: monitoring.metrics is met/,
    );
    // A failing one may still be asked for.
    await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
  });

  it('the requester may not approve; a holder of a responsible role may, and the check is exempt', async () => {
    const exemption = await requested();
    const own = await api
      .post(`${cart}/exemptions/${exemption.id}/approve`)
      .set('Authorization', alice)
      .send({ version: 1 })
      .expect(403);
    expect(own.body.error.message).toMatch(/You requested this exemption/);

    const listed = await api
      .get(`${cart}/exemptions`)
      .set('Authorization', bob)
      .expect(200);
    expect(listed.body.maxDays).toBe(180);
    expect(listed.body.items[0]).toMatchObject({
      id: exemption.id,
      canDecide: true,
    });
    const forAlice = await api
      .get(`${cart}/exemptions`)
      .set('Authorization', alice)
      .expect(200);
    expect(forAlice.body.items[0].canDecide).toBe(false);

    const approved = await api
      .post(`${cart}/exemptions/${exemption.id}/approve`)
      .set('Authorization', bob)
      .send({ version: 1, note: 'Drill is booked' })
      .expect(200);
    expect(approved.body.exemption).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/bob',
      version: 2,
    });
    expect(resultOf(approved.body.scorecard)).toMatchObject({
      status: 'exempt',
      points: null,
      exemption: { status: 'approved' },
    });

    // The rollups flag it.
    const team = await api
      .get(`${base}/rollups/group/default/team-a`)
      .set('Authorization', bob)
      .expect(200);
    expect(team.body.rollup.aggregate.exemptions).toEqual({
      active: 1,
      endingSoon: 0,
    });

    const history = await api
      .get(`${cart}/history`)
      .set('Authorization', bob)
      .expect(200);
    expect(
      history.body.changes
        .filter((c: any) => c.subject === 'exemption')
        .map((c: any) => c.action),
    ).toEqual(['approve', 'request']);
    expect(
      audit
        .filter(e => e.eventId.startsWith('exemption-'))
        .map(e => [e.eventId, e.outcome]),
    ).toEqual([
      ['exemption-request', 'success'],
      ['exemption-approve', 'failure'],
      ['exemption-approve', 'success'],
    ]);
  });

  it('someone holding no responsible role may not decide; an admin may reject', async () => {
    const res = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
    const { id: exemptionId } = res.body.exemption;
    const refused = await api
      .post(`${cart}/exemptions/${exemptionId}/approve`)
      .set('Authorization', bob)
      .send({ version: 1 })
      .expect(403);
    expect(refused.body.error.message).toMatch(
      /Only a holder of DB Administrator or Test Manager/,
    );
    // The body is validated after the caller is allowed.
    await api
      .post(`${cart}/exemptions/${exemptionId}/reject`)
      .set('Authorization', carol)
      .send({ version: 'one' })
      .expect(400);
    const rejected = await api
      .post(`${cart}/exemptions/${exemptionId}/reject`)
      .set('Authorization', carol)
      .send({ version: 1, note: 'Do the drill' })
      .expect(200);
    expect(rejected.body.exemption.status).toBe('rejected');
    expect(resultOf(rejected.body.scorecard).status).not.toBe('exempt');
    await api
      .post(`${cart}/exemptions/${exemptionId}/approve`)
      .set('Authorization', carol)
      .send({ version: 2 })
      .expect(409);
  });

  it('when it ends the check counts again and the end is recorded', async () => {
    const exemption = await requested();
    await api
      .post(`${cart}/exemptions/${exemption.id}/approve`)
      .set('Authorization', bob)
      .send({ version: 1 })
      .expect(200);
    // Its end day has come (the clock cannot move in this test: the date does).
    await knex('readiness_exemptions')
      .where({ id: exemption.id })
      .update({ ends_on: new Date().toISOString().slice(0, 10) });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

    const read = await api.get(cart).set('Authorization', bob).expect(200);
    const result = resultOf(read.body.scorecard);
    expect(result.status).not.toBe('exempt');
    expect(result.exemption).toBeUndefined();
    const team = await api
      .get(`${base}/rollups/group/default/team-a`)
      .set('Authorization', bob)
      .expect(200);
    expect(team.body.rollup.aggregate.exemptions).toBeUndefined();
    const history = await api
      .get(`${cart}/history`)
      .set('Authorization', bob)
      .expect(200);
    expect(history.body.changes[0]).toMatchObject({
      subject: 'exemption',
      action: 'end',
    });
    expect(audit.some(e => e.eventId === 'exemption-end')).toBe(true);
  });

  it('a request nobody decided before its end day lapses: it can no longer be approved, and a new one may be asked for', async () => {
    const exemption = await requested();
    // Its end day has come undecided.
    await knex('readiness_exemptions')
      .where({ id: exemption.id })
      .update({ ends_on: new Date().toISOString().slice(0, 10) });

    const listed = await api
      .get(`${cart}/exemptions`)
      .set('Authorization', bob)
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: exemption.id, canDecide: false }),
    ]);
    const late = await api
      .post(`${cart}/exemptions/${exemption.id}/approve`)
      .set('Authorization', bob)
      .send({ version: 1 })
      .expect(409);
    expect(late.body.error.message).toMatch(/lapsed/);

    const again = await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
    expect(again.body.exemption.status).toBe('pending');
    expect(resultOf(again.body.scorecard).exemption).toMatchObject({
      id: again.body.exemption.id,
    });
    const history = await api
      .get(`${cart}/history`)
      .set('Authorization', bob)
      .expect(200);
    expect(
      history.body.changes
        .filter((c: any) => c.subject === 'exemption')
        .map((c: any) => c.action),
    ).toEqual(['request', 'end', 'request']);
  });

  it("records the end of the requested check's ended exemption, whatever else has ended", async () => {
    const exemption = await requested();
    await api
      .post(`${cart}/exemptions/${exemption.id}/approve`)
      .set('Authorization', bob)
      .send({ version: 1 })
      .expect(200);
    const today = new Date().toISOString().slice(0, 10);
    await knex('readiness_exemptions')
      .where({ id: exemption.id })
      .update({ ends_on: today });
    // More ended exemptions of other entities than a request looks at.
    const others = Array.from({ length: 1001 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      entity_ref: `component:default/other-${i}`,
      check_id: checkId,
      reason_code: 'other',
      reason_text: 'x',
      ends_on: '2026-01-01',
      status: 'approved',
      requested_by: 'user:default/alice',
      requested_at: '2025-12-01T00:00:00.000Z',
      decided_by: 'user:default/bob',
      decided_at: '2025-12-01T00:00:00.000Z',
      version: 2,
    }));
    for (let i = 0; i < others.length; i += 100) {
      await knex('readiness_exemptions').insert(others.slice(i, i + 100));
    }

    await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request())
      .expect(201);
  });
});
