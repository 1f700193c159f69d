import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  permissionsFor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(90_000);

const databases = createTestDatabases();

const checkout = `${base}/entities/component/default/checkout`;
const request = {
  checkId: 'recoverability.restore-test',
  reasonCode: 'planned-remediation',
  reasonText: 'Restore drill booked with the DBA team',
  endsOn: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
    .toISOString()
    .slice(0, 10),
};

/**
 * The usual test policy, and `readiness.exemption.decide` for bob on the
 * cart only, as a policy that gives a security reviewer some entities would.
 */
function withBobDecidingCart() {
  const entities = smallOrg();
  const usual = permissionsFor(entities);
  const permissions = mockServices.permissions.mock({
    authorizeConditional: usual.authorizeConditional,
    authorize: async (requests: any[], options: any) => {
      const decisions = await usual.authorize(requests, options);
      const user = (options.credentials as BackstageCredentials).principal as {
        userEntityRef?: string;
      };
      return decisions.map((decision, i) =>
        requests[i].permission.name === 'readiness.exemption.decide' &&
        user.userEntityRef === 'user:default/bob' &&
        requests[i].resourceRef === 'component:default/cart'
          ? { result: AuthorizeResult.ALLOW }
          : decision,
      );
    },
  });
  return { entities, permissions };
}

describe.each(databases.eachSupportedId())(
  'readiness.exemption.decide on %s',
  id => {
    // Only the holders of a check's roles and readiness admins could decide:
    // a security team had to be made admins of all readiness data.
    it('lets a user it allows on the entity decide its exemptions without holding a role, and only there', async () => {
      const { api } = await startBackend({
        knex: await databases.init(id),
        ...withBobDecidingCart(),
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const ask = async (entity: string) =>
        (
          await api
            .post(`${entity}/exemptions`)
            .set('Authorization', alice)
            .send(request)
            .expect(201)
        ).body.exemption;
      const onCart = await ask(cart);
      const onCheckout = await ask(checkout);

      const listed = async (entity: string) =>
        (
          await api
            .get(`${entity}/exemptions`)
            .set('Authorization', bob)
            .expect(200)
        ).body.items.map((e: any) => e.canDecide);
      expect(await listed(cart)).toEqual([true]);
      expect(await listed(checkout)).toEqual([false]);

      const refused = await api
        .post(`${checkout}/exemptions/${onCheckout.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(403);
      expect(refused.body.error.message).toContain(
        'readiness.exemption.decide',
      );
      const approved = await api
        .post(`${cart}/exemptions/${onCart.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1, note: 'Reviewed by security' })
        .expect(200);
      expect(approved.body.exemption).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/bob',
      });
    });
  },
);
