import { annotated, smallOrg } from '../__testUtils__/entities';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const DAY = 86_400_000;
const daysFromNow = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/*
 * Restore tests expire after 90 days and DR tests after 365 (the default
 * model); the annotations date the answers so that each entity's first
 * expiry falls on a known side of today.
 */
function organisation() {
  const at =
    (ref: string, annotations: Record<string, string>) =>
    (org: ReturnType<typeof smallOrg>) =>
      annotated(org, e => e.metadata.name === ref, annotations);
  return [
    // Expired ten days ago.
    at('checkout', {
      'prodready.dev/check.recoverability.restore-test': `met; date=${daysFromNow(
        -100,
      )}`,
    }),
    // Expires in 15 days.
    at('search', {
      'prodready.dev/check.recoverability.dr-test': `met; date=${daysFromNow(
        -350,
      )}`,
    }),
    // The System's answer expires in 10 days: its parts inherit it, but it
    // is the System's to renew.
    at('shop', {
      'prodready.dev/check.recoverability.restore-test': `met; date=${daysFromNow(
        -80,
      )}`,
    }),
  ].reduce((org, add) => add(org), smallOrg());
}

describe.each(databases.eachSupportedId())(
  'entities with answers to renew, on %s',
  id => {
    it('lists every entity whose own answer expires by a day, soonest first, with when', async () => {
      const knex = await databases.init(id);
      const { api } = await startBackend({ knex, entities: organisation() });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const list = async (query: string) =>
        (
          await api
            .get(`${base}/scorecards?${query}`)
            .set('Authorization', bob)
            .expect(200)
        ).body;

      const soon = await list(`expiringBy=${daysFromNow(30)}&sort=nextExpiry`);
      expect(
        soon.items.map((s: { entityRef: string; nextExpiry: string }) => [
          s.entityRef,
          s.nextExpiry.slice(0, 10),
        ]),
      ).toEqual([
        ['component:default/checkout', daysFromNow(-10)],
        ['system:default/shop', daysFromNow(10)],
        ['component:default/search', daysFromNow(15)],
      ]);
      expect(soon.totalCount).toBe(3);

      // By a nearer day, and for one owner.
      const sooner = await list(
        `expiringBy=${daysFromNow(12)}&sort=nextExpiry`,
      );
      expect(
        sooner.items.map((s: { entityRef: string }) => s.entityRef),
      ).toEqual(['component:default/checkout', 'system:default/shop']);
      const teamB = await list(
        `expiringBy=${daysFromNow(30)}&owner=group:default/team-b`,
      );
      expect(
        teamB.items.map((s: { entityRef: string }) => s.entityRef),
      ).toEqual(['component:default/search']);

      // A portal answer renews the expired one: checkout's expiry moves on
      // 90 days and leaves the list.
      await api
        .put(
          `${base}/entities/component/default/checkout/answers/recoverability.restore-test`,
        )
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      const renewed = await list(
        `expiringBy=${daysFromNow(30)}&sort=nextExpiry`,
      );
      expect(
        renewed.items.map((s: { entityRef: string }) => s.entityRef),
      ).toEqual(['system:default/shop', 'component:default/search']);
      const checkout = (await list('q=checkout')).items[0];
      expect(checkout.nextExpiry.slice(0, 10)).toBe(daysFromNow(90));
    });

    it('refuses a day that is not one, naming the field', async () => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      const { body } = await api
        .get(`${base}/scorecards?expiringBy=2026-02-30`)
        .set('Authorization', bob)
        .expect(400);
      expect(body.error.message).toContain('expiringBy');
    });
  },
);
