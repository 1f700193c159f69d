import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { pruneExemptions } from '../database/snapshotRetention';
import {
  base,
  cart,
  carol,
  recordingAuditor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY_MS = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
const day = (days: number) => at(days).slice(0, 10);

/** An exemption of cart as stored, `fields` over a pending request made 100 days ago. */
const row = (id: string, fields: Record<string, string | number | null>) => ({
  id,
  entity_ref: 'component:default/cart',
  check_id: `check-${id}`,
  reason_code: 'accepted-risk',
  reason_text: `Exemption ${id}`,
  ends_on: day(60),
  status: 'pending',
  requested_by: 'user:default/alice',
  requested_at: at(-100),
  decided_by: null,
  decided_at: null,
  decision_note: null,
  end_recorded_at: null,
  version: 1,
  ...fields,
});

describe.each(databases.eachSupportedId())(
  'exemption retention in the full run on %s',
  id => {
    // Every exemption ever asked for stayed in the table: a bounded history
    // (`historyDays`) left an unbounded exemptions table beside it.
    it('deletes the exemptions over for longer than exemptionDays, never an open one, and audits it', async () => {
      const knex = await databases.init(id);
      const { api, audit } = await startBackend({
        knex,
        config: { readiness: { retention: { exemptionDays: 30 } } },
      });
      const decided = { decided_by: 'user:default/carol' };
      await knex('readiness_exemptions').insert([
        row('rejected-long-ago', {
          ...decided,
          status: 'rejected',
          decided_at: at(-40),
        }),
        row('rejected-lately', {
          ...decided,
          status: 'rejected',
          decided_at: at(-10),
        }),
        row('ended-long-ago', {
          ...decided,
          status: 'approved',
          decided_at: at(-90),
          ends_on: day(-40),
          end_recorded_at: at(-39),
        }),
        row('lapsed-long-ago', {
          ends_on: day(-35),
          end_recorded_at: at(-35),
        }),
        row('ended-lately', {
          ...decided,
          status: 'approved',
          decided_at: at(-90),
          ends_on: day(-5),
          end_recorded_at: at(-5),
        }),
        // Open: approved long ago and running, or still awaiting a decision.
        row('approved-running', {
          ...decided,
          status: 'approved',
          decided_at: at(-95),
        }),
        row('pending', {}),
      ]);

      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

      const { body } = await api
        .get(`${cart}/exemptions`)
        .set('Authorization', carol)
        .expect(200);
      expect(body.items.map((e: { id: string }) => e.id).sort()).toEqual([
        'approved-running',
        'ended-lately',
        'pending',
        'rejected-lately',
      ]);
      expect(
        audit.filter(event => event.eventId === 'exemption-retention'),
      ).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({ exemptionDays: 30, deleted: 3 }),
        }),
      ]);

      // Nothing more to delete: the next run deletes and audits nothing.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const [{ n }] = await knex('readiness_exemptions').count({ n: '*' });
      expect(Number(n)).toBe(4);
      expect(
        audit.filter(event => event.eventId === 'exemption-retention'),
      ).toHaveLength(1);
    });

    // The deletions of the batches before a failing one went unaudited.
    it('audits the deletions that went when a later batch fails', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      await knex('readiness_exemptions').insert(
        [1, 2, 3, 4, 5].map(n =>
          row(`rejected-${n}`, {
            decided_by: 'user:default/carol',
            status: 'rejected',
            decided_at: at(-40),
          }),
        ),
      );
      const { events, auditor } = recordingAuditor();
      const remove = store.deleteExemptionsOver.bind(store);
      let batches = 0;
      jest
        .spyOn(store, 'deleteExemptionsOver')
        .mockImplementation(async (...args) => {
          if (++batches === 2) throw new Error('the database went away');
          return remove(...args);
        });

      await expect(
        pruneExemptions(store, 30, new Date(), auditor, { batchSize: 2 }),
      ).rejects.toThrow('the database went away');
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'exemption-retention',
          outcome: 'failure',
          meta: expect.objectContaining({ exemptionDays: 30, deleted: 2 }),
        }),
      ]);
      const [{ n }] = await knex('readiness_exemptions').count({ n: '*' });
      expect(Number(n)).toBe(3);
    });

    it('keeps every exemption without exemptionDays', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({ knex });
      await knex('readiness_exemptions').insert(
        row('rejected-long-ago', {
          decided_by: 'user:default/carol',
          status: 'rejected',
          decided_at: at(-4000),
        }),
      );
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const [{ n }] = await knex('readiness_exemptions').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });
  },
);
