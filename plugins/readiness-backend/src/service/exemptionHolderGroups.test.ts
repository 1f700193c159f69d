import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/** A member of acme, the department above every team. */
const leader = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: ['acme'] },
});

/*
 * Whoever holds a responsible role may decide an exemption, also through a
 * group: the people of its sub-teams are its members. Scoring reads only
 * enough of a holder group to tell one person from several; deciding must
 * find every member.
 */
describe.each(databases.eachSupportedId())(
  'deciding an exemption through a holder group on %s',
  id => {
    it('lets a member of a team below a holder group of several people decide', async () => {
      const { api } = await startBackend({
        knex: await databases.init(id),
        entities: withRelations([...smallOrg(), leader('dana'), leader('eve')]),
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const { exemption } = (
        await api
          .post(`${cart}/exemptions`)
          .set('Authorization', alice)
          .send({
            checkId: 'recoverability.restore-test',
            reasonCode: 'planned-remediation',
            reasonText: 'Restore drill booked with the DBA team',
            endsOn: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
              .toISOString()
              .slice(0, 10),
          })
          .expect(201)
      ).body;
      // acme: dana and eve, and bob through team-b below eng.
      await api
        .put(`${cart}/roles/test-manager`)
        .set('Authorization', alice)
        .send({ holders: ['group:default/acme'], version: 0 })
        .expect(200);

      const listed = await api
        .get(`${cart}/exemptions`)
        .set('Authorization', bob)
        .expect(200);
      expect(listed.body.items[0].canDecide).toBe(true);
      await api
        .post(`${cart}/exemptions/${exemption.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(200);
    });
  },
);
