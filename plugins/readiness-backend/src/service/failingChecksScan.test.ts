import { catalogReadingByRef } from '../__testUtils__/hidingCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toScorecardRow } from './scorecardRow';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const STORED = 10_500;
const refOf = (i: number) =>
  `component:default/svc-${String(i).padStart(5, '0')}`;

/*
 * `GET /scorecards/failing-checks` lists only what the caller may read in
 * the catalog, and never names another entity, not even as a cursor. For a
 * caller the catalog decides entity by entity and who may read few of
 * them, one request must not walk every stored scorecard of the
 * organisation: it stops after a bounded number of catalog requests and
 * says where to go on, without naming an entity it passed over.
 */
describe.each(databases.eachSupportedId())(
  'failing checks for a caller who may read few entities, %p',
  id => {
    it('reads a bounded part of the organisation a request, and the walk ends', async () => {
      const knex = await databases.init(id);
      const entities = smallOrg();
      // Bob may read the last stored entity only.
      const { catalog, lookups } = catalogReadingByRef(entities, ref =>
        ref === refOf(STORED - 1) ? { kind: 'Component' } : null,
      );
      const { api } = await startBackend({
        knex,
        entities,
        catalog,
        catalogRead: user =>
          user === 'user:default/bob' ? 'conditional' : 'allow',
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const store = await storeOn(knex);
      const rows = Array.from({ length: STORED }, (_, i) =>
        toScorecardRow(componentScorecard(refOf(i)), `etag-${i}`),
      );
      for (let i = 0; i < rows.length; i += 500) {
        await store.transaction(tx =>
          store.putScorecards(tx, rows.slice(i, i + 500)),
        );
      }
      const all = await api
        .get(`${base}/scorecards/failing-checks?limit=1000`)
        .set('Authorization', alice)
        .expect(200);
      expect(all.body.items).toHaveLength(1000);

      const pages: { items: { entityRef: string }[]; next?: string }[] = [];
      const askedPerPage: number[] = [];
      let after = '';
      do {
        const before = lookups.calls;
        const res = await api
          .get(
            `${base}/scorecards/failing-checks?limit=10&after=${encodeURIComponent(
              after,
            )}`,
          )
          .set('Authorization', bob)
          .expect(200);
        askedPerPage.push(lookups.calls - before);
        pages.push(res.body);
        after = res.body.next ?? '';
      } while (after && pages.length < 50);

      expect(pages.flatMap(p => p.items.map(i => i.entityRef))).toEqual([
        refOf(STORED - 1),
      ]);
      // A few requests, each asking the catalog a bounded number of times.
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.length).toBeLessThan(10);
      expect(Math.max(...askedPerPage)).toBeLessThanOrEqual(10);
      // No cursor names an entity bob may not read.
      for (const page of pages.slice(0, -1)) {
        expect(page.next).toBeDefined();
        expect(page.next).not.toMatch(/svc-/);
      }

      // A cursor is opaque: one changed by hand is refused, naming the parameter.
      const sealed = pages[0].next!;
      const tampered = `${sealed.slice(0, -2)}${
        sealed.endsWith('A') ? 'BB' : 'AA'
      }`;
      const refused = await api
        .get(
          `${base}/scorecards/failing-checks?after=${encodeURIComponent(
            tampered,
          )}`,
        )
        .set('Authorization', bob)
        .expect(400);
      expect(refused.body.error.message).toMatch(/after: is not a cursor/);
    });
  },
);
