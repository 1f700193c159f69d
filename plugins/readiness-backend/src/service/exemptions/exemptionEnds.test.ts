import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/databases';
import { DatabaseReadinessStore } from '../../database/DatabaseReadinessStore';
import { recordExemptionEnds } from './exemptionDeciders';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * The end of an exemption is recorded once: the history row is claimed by
 * whichever records it first, so an end whose audit event fails is never
 * claimed again. One auditor failure must not cost the others their event.
 */
describe.each(databases.eachSupportedId())(
  'recording the ends of exemptions, on %s',
  id => {
    it('audits every end it records, though one audit event fails', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      const entities = ['cart', 'checkout', 'search'];
      for (const name of entities) {
        await store.transaction(tx =>
          store.requestExemption(
            tx,
            `component:default/${name}`,
            {
              checkId: 'recoverability.restore-test',
              reasonCode: 'planned-remediation',
              reasonText: 'Restore drill booked',
              endsOn: '2027-02-01',
            },
            'user:default/alice',
          ),
        );
      }
      const audited: string[] = [];
      let calls = 0;
      const auditor = {
        createEvent: async ({ meta }: { meta: { entityRef: string } }) => {
          calls++;
          if (calls === 2) throw new Error('audit sink is down');
          return {
            success: async () => {
              audited.push(meta.entityRef);
            },
            fail: async () => {},
          };
        },
      };
      const logger = mockServices.logger.mock();
      const recorded = await recordExemptionEnds(
        { store, auditor: auditor as any, logger },
        new Date('2027-03-01T00:00:00Z'),
      );
      expect(recorded).toBe(3);
      expect(calls).toBe(3);
      expect(audited).toHaveLength(2);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /could not audit the end of exemption .*audit sink is down/,
        ),
      );
      // Each end is recorded once: a second pass finds nothing to claim.
      expect(
        await recordExemptionEnds(
          { store, auditor: auditor as any, logger },
          new Date('2027-03-01T00:00:00Z'),
        ),
      ).toBe(0);
    });
  },
);
