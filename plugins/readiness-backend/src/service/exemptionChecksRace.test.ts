import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { Knex } from 'knex';
import { ReadinessComputation } from './ReadinessComputation';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/** The cart's restore test (roles dba and test-manager): unanswered, so failing. */
const checkId = 'recoverability.restore-test';
const endsOn = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
  .toISOString()
  .slice(0, 10);
const request = {
  checkId,
  reasonCode: 'planned-remediation',
  reasonText: 'Restore drill booked with the DBA team',
  endsOn,
};

/** Alice requests the exemption; bob, made test manager, may decide it. */
async function requestedWithBobDeciding(
  api: Awaited<ReturnType<typeof startBackend>>['api'],
) {
  const { exemption } = (
    await api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send(request)
      .expect(201)
  ).body;
  await api
    .put(`${cart}/roles/test-manager`)
    .set('Authorization', alice)
    .send({ holders: ['user:default/bob'], version: 0 })
    .expect(200);
  return exemption;
}

/** Runs `write` once, when the route has checked and goes to write. */
function writeBeforeLock(write: () => Promise<unknown>) {
  const recomputeMany = ReadinessComputation.prototype.recomputeMany;
  const spy = jest
    .spyOn(ReadinessComputation.prototype, 'recomputeMany')
    .mockImplementation(async function recompute(
      this: ReadinessComputation,
      ...args
    ) {
      spy.mockRestore();
      await write();
      return recomputeMany.apply(this, args) as any;
    });
}

/*
 * An exemption request checks that the check is failing, and a decision
 * that the decider holds a responsible role, before the entity's lock is
 * taken (they read the catalog). A write landing in between is seen under
 * the lock: the request or decision is refused with a 409, nothing stored.
 */
describe.each(databases.eachSupportedId())(
  'exemption checks made before the lock, on %s',
  id => {
    let api: Awaited<ReturnType<typeof startBackend>>['api'];

    beforeEach(async () => {
      ({ api } = await startBackend({ knex: await databases.init(id) }));
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    });

    afterEach(() => jest.restoreAllMocks());

    it('refuses a request when the check was answered meanwhile', async () => {
      writeBeforeLock(() =>
        api
          .put(`${cart}/answers/${checkId}`)
          .set('Authorization', alice)
          .send({
            status: 'met',
            evidenceUrl: 'https://wiki/drill',
            version: 0,
          })
          .expect(200),
      );
      const res = await api
        .post(`${cart}/exemptions`)
        .set('Authorization', alice)
        .send(request)
        .expect(409);
      expect(res.body.error.message).toMatch(
        `The status of ${checkId} changed`,
      );
      const listed = await api
        .get(`${cart}/exemptions`)
        .set('Authorization', alice)
        .expect(200);
      expect(listed.body.items).toEqual([]);
    });

    it('decides when only a role not responsible for the check changed meanwhile', async () => {
      const exemption = await requestedWithBobDeciding(api);
      writeBeforeLock(() =>
        api
          .put(`${cart}/roles/security`)
          .set('Authorization', alice)
          .send({ holders: ['user:default/alice'], version: 0 })
          .expect(200),
      );
      await api
        .post(`${cart}/exemptions/${exemption.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(200);
    });

    it('refuses a decision when the decider lost the role meanwhile', async () => {
      const exemption = await requestedWithBobDeciding(api);
      writeBeforeLock(() =>
        api
          .put(`${cart}/roles/test-manager`)
          .set('Authorization', alice)
          .send({ holders: ['user:default/alice'], version: 1 })
          .expect(200),
      );
      const res = await api
        .post(`${cart}/exemptions/${exemption.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(409);
      expect(res.body.error.message).toMatch(
        'The roles of component:default/cart changed',
      );
      const listed = await api
        .get(`${cart}/exemptions`)
        .set('Authorization', alice)
        .expect(200);
      expect(listed.body.items[0]).toMatchObject({
        id: exemption.id,
        status: 'pending',
      });
      // Asked again, the roles in force decide: bob holds none.
      await api
        .post(`${cart}/exemptions/${exemption.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(403);
    });
  },
);

const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'exemption checks made before the lock, with writes in flight on %p',
  databaseId => {
    let api: Awaited<ReturnType<typeof startBackend>>['api'];
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId as any);
      ({ api } = await startBackend({ knex }));
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    });

    afterEach(() => jest.restoreAllMocks());

    /** A history row as a write of `entityRef` adds it. */
    const entry = (
      entityRef: string,
      subject = 'role',
      subjectId = 'test-manager',
      action = 'update',
    ) => ({
      entity_ref: entityRef,
      subject,
      subject_id: subjectId,
      action,
      before: null,
      after: null,
      actor: 'user:default/alice',
      at: new Date().toISOString(),
    });

    /**
     * Approves as Bob while a role write of the cart is in flight and
     * `committed` was committed after it took its id; the role write
     * commits once the route has checked, before it takes the lock.
     */
    async function approveWithRoleWriteInFlight(committed: object) {
      const exemption = await requestedWithBobDeciding(api);
      const inFlight = await knex.transaction();
      await inFlight('readiness_history').insert(
        entry('component:default/cart'),
      );
      await knex('readiness_history').insert(committed);
      writeBeforeLock(() => inFlight.commit());
      return api
        .post(`${cart}/exemptions/${exemption.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 });
    }

    // Ids are taken when rows are written, not when they commit: a write
    // of the cart in flight has a lower id than one of another entity
    // committed before the check. Only PostgreSQL writes two at once.
    it('refuses a decision when a write of the entity was in flight as it was checked', async () => {
      const res = await approveWithRoleWriteInFlight(
        entry('component:default/checkout'),
      );
      expect(res.status).toBe(409);
    });

    // An exemption's end is recorded by the sweep without the entity's lock:
    // committed after a role write of the same entity took its id, it must
    // not hide that write from the check.
    it('refuses a decision when a role write was in flight and an end of the same entity committed after it', async () => {
      const res = await approveWithRoleWriteInFlight(
        entry(
          'component:default/cart',
          'exemption',
          'monitoring.metrics',
          'end',
        ),
      );
      expect(res.status).toBe(409);
    });
  },
);
