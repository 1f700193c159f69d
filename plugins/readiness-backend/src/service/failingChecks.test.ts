import { passesGate } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { alice, base, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const failing = `${base}/scorecards/failing-checks`;

describe.each(databases.eachSupportedId())(
  'GET /scorecards/failing-checks on %p',
  databaseId => {
    async function computed() {
      const { api } = await startBackend({
        entities: smallOrg(),
        knex: await databases.init(databaseId),
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      return api;
    }

    it('lists every scorecard, a page at a time, with the checks it fails as its tab shows them', async () => {
      const api = await computed();
      const all = await api
        .get(`${base}/scorecards?limit=500`)
        .set('Authorization', alice)
        .expect(200);
      const refs: string[] = [];
      let after = '';
      for (;;) {
        const page = await api
          .get(failing)
          .query({ after, limit: 2 })
          .set('Authorization', alice)
          .expect(200);
        refs.push(...page.body.items.map((i: any) => i.entityRef));
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        if (!page.body.next) break;
        after = page.body.next;
      }
      expect(refs).toEqual(all.body.items.map((i: any) => i.entityRef).sort());

      // cart: its failing checks are the statuses of its scorecard that do
      // not pass (not met, partly met, unknown, expired).
      const page = await api
        .get(failing)
        .query({ after: 'component:default/cars', limit: 1 })
        .set('Authorization', alice)
        .expect(200);
      const [cart] = page.body.items;
      expect(cart.entityRef).toBe('component:default/cart');
      const { scorecard } = (
        await api
          .get(`${base}/entities/component/default/cart`)
          .set('Authorization', alice)
          .expect(200)
      ).body;
      expect(cart.failingChecks).toEqual(
        scorecard.checks
          .filter((c: any) => !passesGate(c.status))
          .map((c: any) => c.checkId)
          .sort(),
      );
      expect(cart.failingChecks).not.toContain('monitoring.metrics'); // answered met
      expect(cart.failingChecks).toContain('recoverability.restore-test');
      expect(cart).toMatchObject({
        score: scorecard.score,
        level: scorecard.level,
      });
    });

    it('names a bad parameter', async () => {
      const api = await computed();
      const res = await api
        .get(failing)
        .query({ limit: 5000 })
        .set('Authorization', alice)
        .expect(400);
      expect(res.body.error.message).toMatch(/limit/);
    });
  },
);
