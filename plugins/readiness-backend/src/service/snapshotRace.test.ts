import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  editableCatalog,
  meetRunbooks,
} from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { gate } from '../__testUtils__/races';
import { today } from './applyDeltas';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const SEARCH = 'component:default/search';

/*
 * The day's first full run writes a snapshot line for every entity,
 * the unchanged ones from their stored scorecards, which it reads without
 * taking their locks. A write that lands between that read and the page's
 * lines has already written the entity's line for the day from its new
 * scorecard: the page's older line must not replace it, or the day's trend
 * point and `asOf` reads keep the old score for good (later runs write
 * lines only for entities they rescore). On PostgreSQL the write lands
 * between the two; SQLite runs one transaction at a time, so there the
 * test checks the outcome of the write landing after the page.
 */
describe.each(databases.eachSupportedId())(
  "a write during the day's first full run, %p",
  id => {
    it("keeps the day's snapshot line the write gave its entity", async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const edit = editableCatalog(smallOrg());
      let clock = new Date(Date.now() - 24 * 60 * 60 * 1000);
      const computation = testComputation({
        store,
        catalog: edit.catalog,
        now: () => clock,
      });
      expect((await computation.runFull()).error).toBeUndefined();
      clock = new Date();

      // The page has read the stored scorecards of its unchanged entities.
      const pageRead = gate();
      const read = store.getScorecardInputs.bind(store);
      let held = false;
      jest
        .spyOn(store, 'getScorecardInputs')
        .mockImplementation(async (refs, tx) => {
          const result = await read(refs, tx);
          if (!held && tx && refs.includes(CART)) {
            held = true;
            pageRead.reach();
            await pageRead.opened;
          }
          return result;
        });
      const running = computation.runFull();
      await pageRead.arrived;

      edit.edit('Component', 'cart', meetRunbooks);
      const cart = (await edit.catalog.getEntityByRef(CART, {
        credentials: mockCredentials.none(),
      })) as Entity;
      const writing = computation.recomputeMany([cart]);
      // On PostgreSQL the write commits meanwhile; SQLite runs it after the page.
      await new Promise(resolve => setTimeout(resolve, 500));
      pageRead.open();
      expect((await running).error).toBeUndefined();
      await writing;
      jest.restoreAllMocks();

      const stored = (await store.getScorecard(CART))!;
      expect(stored.checks['support.runbooks']).toBe('met');
      const line = await knex('readiness_snapshots')
        .where({ subject_ref: CART, subject_kind: 'entity', day: today(clock) })
        .first();
      expect(Number(line.score)).toBe(stored.member.score);
    });

    it('a line written to keep the stored one adds only the lines the day lacks', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const day = '2026-12-01';
      const line = (ref: string, score: number) => ({
        ref,
        owner: 'group:default/team-a',
        score,
        level: null,
      });
      await store.transaction(tx =>
        store.putSnapshots(tx, day, [line(CART, 1)], []),
      );
      await store.transaction(tx =>
        store.putSnapshots(tx, day, [line(CART, 2), line(SEARCH, 2)], [], {
          keepStored: true,
        }),
      );
      const rows = await knex('readiness_snapshots')
        .where({ day })
        .orderBy('subject_ref')
        .select('subject_ref', 'score');
      expect(rows.map(r => [r.subject_ref, Number(r.score)])).toEqual([
        [CART, 1],
        [SEARCH, 2],
      ]);
    });
  },
);
