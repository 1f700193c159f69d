import { smallOrg } from '../__testUtils__/entities';
import { catalogWith } from '../__testUtils__/hidingCatalog';
import {
  alice,
  bob,
  carol,
  base,
  cart,
  permissionsFor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const endsOn = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);

/** Three failing checks of the cart whose one responsible role is sysadmin. */
const SYSADMIN_CHECKS = [
  'monitoring.centralised-logs',
  'monitoring.cloud-telemetry',
  'monitoring.platform-health',
];

/**
 * The cart with team-b (bob's group) holding sysadmin, and the catalog's
 * and the permission framework's requests counted.
 */
async function setup() {
  const entities = smallOrg();
  const counts = { catalog: 0, admin: 0 };
  const permissions = permissionsFor(entities);
  const authorize = permissions.authorize.getMockImplementation()!;
  permissions.authorize.mockImplementation(async (requests, options) => {
    if (requests.some(r => r.permission.name === 'readiness.admin')) {
      counts.admin++;
    }
    return authorize(requests, options);
  });
  const { api } = await startBackend({
    entities,
    permissions,
    catalog: catalogWith(entities, inner => ({
      getEntitiesByRefs: (...args: any[]) => {
        counts.catalog++;
        return inner.getEntitiesByRefs(...args);
      },
    })),
  });
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  await api
    .put(`${cart}/roles/sysadmin`)
    .set('Authorization', alice)
    .send({ holders: ['group:default/team-b'], version: 0 })
    .expect(200);
  const requestFor = (checkId: string) =>
    api
      .post(`${cart}/exemptions`)
      .set('Authorization', alice)
      .send({
        checkId,
        reasonCode: 'planned-remediation',
        reasonText: 'Log shipping lands next sprint',
        endsOn,
      })
      .expect(201);
  /** The list as `caller` sees it, with the requests it made. */
  const list = async (caller: string) => {
    counts.catalog = 0;
    counts.admin = 0;
    const { body } = await api
      .get(`${cart}/exemptions`)
      .set('Authorization', caller)
      .expect(200);
    return { body, made: { ...counts } };
  };
  return { requestFor, list };
}

describe('GET …/exemptions', () => {
  it('asks the catalog and the permission framework as often for many pending requests as for one', async () => {
    const t = await setup();
    await t.requestFor(SYSADMIN_CHECKS[0]);
    // bob holds sysadmin through team-b; carol holds no role but is an admin.
    const holderOfOne = await t.list(bob);
    const adminOfOne = await t.list(carol);
    expect(holderOfOne.body.items.map((e: any) => e.canDecide)).toEqual([true]);
    expect(adminOfOne.body.items.map((e: any) => e.canDecide)).toEqual([true]);
    expect(adminOfOne.made.admin).toBe(1);

    for (const checkId of SYSADMIN_CHECKS.slice(1)) {
      await t.requestFor(checkId);
    }
    const holderOfThree = await t.list(bob);
    const adminOfThree = await t.list(carol);
    expect(holderOfThree.body.items.map((e: any) => e.canDecide)).toEqual([
      true,
      true,
      true,
    ]);
    expect(adminOfThree.body.items.map((e: any) => e.canDecide)).toEqual([
      true,
      true,
      true,
    ]);
    expect(holderOfThree.made).toEqual(holderOfOne.made);
    expect(adminOfThree.made).toEqual(adminOfOne.made);
    // The requester may decide none of them, whatever else she may do.
    const requester = await t.list(alice);
    expect(requester.body.items.map((e: any) => e.canDecide)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
