import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { READINESS_MIGRATIONS } from './migrations';
import { statementsOf } from '../__testUtils__/statements';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const cart = 'component:default/cart';
const alice = 'user:default/alice';
const carol = 'user:default/carol';
const request = {
  checkId: 'recoverability.restore-test',
  reasonCode: 'planned-remediation' as const,
  reasonText: 'Restore drill booked for January',
  endsOn: '2027-02-01',
};

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('Exemptions on %s', id => {
  let knex: Knex;
  let store: DatabaseReadinessStore;
  beforeEach(async () => {
    ({ knex, store } = await setup(id));
  });

  it('migrates the exemptions table down and up again', async () => {
    expect(await knex.schema.hasTable('readiness_exemptions')).toBe(true);
    await knex.migrate.down({
      ...READINESS_MIGRATIONS,
      name: '20261206000000_exemptions.js',
    });
    expect(await knex.schema.hasTable('readiness_exemptions')).toBe(false);
    await knex.migrate.latest(READINESS_MIGRATIONS);
    expect(await knex.schema.hasTable('readiness_exemptions')).toBe(true);
  });

  it('records a request, refuses a second open one, and keeps the history', async () => {
    const requested = await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    expect(requested).toMatchObject({
      ...request,
      entityRef: cart,
      status: 'pending',
      requestedBy: alice,
      version: 1,
    });
    await expect(
      store.transaction(tx => store.requestExemption(tx, cart, request, alice)),
    ).rejects.toThrow(ConflictError);
    expect((await store.getOpenExemptions([cart])).get(cart)).toEqual([
      requested,
    ]);
    const [entry] = await store.getHistory(cart, 10);
    expect(entry).toMatchObject({
      subject: 'exemption',
      subjectId: request.checkId,
      action: 'request',
      actor: alice,
      after: requested,
    });
  });

  it('approves at the version seen, refuses a stale or second decision', async () => {
    const { id: exemptionId } = await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    await expect(
      store.transaction(tx =>
        store.decideExemption(tx, exemptionId, 'approved', carol, 7),
      ),
    ).rejects.toThrow(/version 7/);
    const approved = await store.transaction(tx =>
      store.decideExemption(tx, exemptionId, 'approved', carol, 1, 'ok'),
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: carol,
      decisionNote: 'ok',
      version: 2,
    });
    await expect(
      store.transaction(tx =>
        store.decideExemption(tx, exemptionId, 'rejected', carol, 2),
      ),
    ).rejects.toThrow(/approved already/);
    expect((await store.getHistory(cart, 10)).map(h => h.action)).toEqual([
      'approve',
      'request',
    ]);
  });

  it('refuses a decision on a request whose lapse was recorded since the decision read it', async () => {
    const { id: exemptionId } = await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    // The end sweep claims the request between the decision's read and its
    // update (at midnight of its end day, say), in the decision's own
    // transaction so that SQLite, with one connection, can show it too.
    const table = (store as any).exemptions;
    const read = table.getExemption.bind(table);
    jest
      .spyOn(table, 'getExemption')
      .mockImplementationOnce(async (...args: any[]) => {
        const seen = await read(...args);
        await args[1]('readiness_exemptions')
          .where({ id: exemptionId })
          .update({ end_recorded_at: new Date().toISOString() });
        return seen;
      });
    await expect(
      store.transaction(tx =>
        store.decideExemption(tx, exemptionId, 'approved', carol, 1),
      ),
    ).rejects.toThrow(/lapsed undecided/);
    expect(await store.getExemption(exemptionId)).toMatchObject({
      status: 'pending',
      version: 1,
    });
  });

  it('a rejected request is no longer open: another may be asked for', async () => {
    const { id: first } = await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    await store.transaction(tx =>
      store.decideExemption(tx, first, 'rejected', carol, 1),
    );
    expect((await store.getOpenExemptions([cart])).get(cart)).toBeUndefined();
    await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    expect(await store.listExemptions(cart)).toHaveLength(2);
    const forNotices = await store.getNoticeExemptions(
      [cart],
      '2000-01-01T00:00:00Z',
    );
    expect(
      forNotices
        .get(cart)
        ?.map(e => e.status)
        .sort(),
    ).toEqual(['pending', 'rejected']);
  });

  it('records the end of an approved exemption once, on its end day', async () => {
    const { id: exemptionId } = await store.transaction(tx =>
      store.requestExemption(tx, cart, request, alice),
    );
    await store.transaction(tx =>
      store.decideExemption(tx, exemptionId, 'approved', carol, 1),
    );
    expect(
      await store.recordEndedExemptions('2027-01-31', 'readiness'),
    ).toEqual([]);
    const ended = await store.recordEndedExemptions('2027-02-01', 'readiness');
    expect(ended).toHaveLength(1);
    expect(ended[0].endRecordedAt).toBeDefined();
    expect(
      await store.recordEndedExemptions('2027-03-01', 'readiness'),
    ).toEqual([]);
    expect((await store.getOpenExemptions([cart])).get(cart)).toBeUndefined();
    expect((await store.getHistory(cart, 10))[0]).toMatchObject({
      action: 'end',
      actor: 'readiness',
    });
  });

  it('does not record the end of one closed or moved since the sweep read it', async () => {
    // A store whose next transaction first runs `beforeNext`: between the
    // sweep's read and its claim, as a decision or a restore would land.
    let beforeNext: (() => Promise<void>) | undefined;
    const sweeping = await DatabaseReadinessStore.create({
      database: {
        getClient: async () =>
          new Proxy(knex, {
            get(target, prop, receiver) {
              if (prop !== 'transaction' || !beforeNext) {
                return Reflect.get(target, prop, receiver);
              }
              const before = beforeNext;
              beforeNext = undefined;
              return async (
                write: (tx: Knex.Transaction) => Promise<unknown>,
              ) => {
                await before();
                return target.transaction(write);
              };
            },
          }),
      },
    });
    const requestOf = async (over: object) =>
      (
        await store.transaction(tx =>
          store.requestExemption(tx, cart, { ...request, ...over }, alice),
        )
      ).id;
    const rejected = await requestOf({});
    const moved = await requestOf({ checkId: 'support.runbooks' });
    const ending = await requestOf({ checkId: 'support.on-call' });
    beforeNext = async () => {
      await knex('readiness_exemptions')
        .where({ id: rejected })
        .update({ status: 'rejected', version: 2 });
      await knex('readiness_exemptions')
        .where({ id: moved })
        .update({ ends_on: '2027-03-01', version: 2 });
    };
    const ended = await sweeping.recordEndedExemptions(
      '2027-02-01',
      'readiness',
    );
    expect(beforeNext).toBeUndefined();
    expect(ended.map(e => e.id)).toEqual([ending]);
    const rows = await knex('readiness_exemptions')
      .orderBy('check_id')
      .select('id', 'status', 'end_recorded_at');
    expect(rows.map(r => [r.id, r.status, !!r.end_recorded_at])).toEqual([
      [rejected, 'rejected', false],
      [ending, 'pending', true],
      [moved, 'pending', false],
    ]);
    const ends = await knex('readiness_history').where({ action: 'end' });
    expect(ends.map(e => e.subject_id)).toEqual(['support.on-call']);
    // The history's end is of the row as it was claimed.
    expect(JSON.parse(ends[0].before)).not.toHaveProperty('endRecordedAt');
    expect(JSON.parse(ends[0].after)).toHaveProperty('endRecordedAt');
  });

  it('records the ends of many exemptions a batch at a time, each once, when two sweeps run at once', async () => {
    const refs = Array.from(
      { length: 250 },
      (_, i) => `component:default/svc-${String(i).padStart(3, '0')}`,
    );
    await store.transaction(async tx => {
      for (const ref of refs) {
        const { id: requested } = await store.requestExemption(
          tx,
          ref,
          request,
          alice,
        );
        await store.decideExemption(tx, requested, 'approved', carol, 1);
      }
    });

    let ended: Awaited<ReturnType<typeof store.recordEndedExemptions>>[] = [];
    const sent = await statementsOf(knex, async () => {
      ended = await Promise.all([
        store.recordEndedExemptions('2027-02-01', 'readiness'),
        store.recordEndedExemptions('2027-02-01', 'readiness'),
      ]);
    });
    const recorded = ended.flat().map(e => e.entityRef);
    expect(recorded.sort()).toEqual(refs);
    const ends = await knex('readiness_history').where({ action: 'end' });
    expect(ends.map(row => row.entity_ref).sort()).toEqual(refs);
    // Two sweeps of 250 ends: a few statements each, not a few an exemption.
    expect(sent.length).toBeLessThan(60);
  });
});
