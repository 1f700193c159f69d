import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { detailOfUnchanged } from './scorecardDetail';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const cart = 'component:default/cart';
const search = 'component:default/search';
const checkout = 'component:default/checkout';
const shop = 'system:default/shop';
const bob = 'user:default/bob';

/** The getters of the five record tables a detail may be built from. */
const RECORD_GETTERS = [
  'getAnswers',
  'getRoles',
  'getResults',
  'getCostTables',
  'getOpenExemptions',
] as const;

/**
 * smallOrg after a full run, with what `before` stores first; `read` builds
 * an entity's detail as its first read does, and names the record tables
 * it queried and whether the entity had to be scored again.
 */
async function setup(
  id: TestDatabaseId,
  before: (store: DatabaseReadinessStore) => Promise<void> = async () => {},
) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const { catalog } = editableCatalog(smallOrg());
  const deps = {
    engine: defaultEngine(),
    store,
    catalog,
    auth: mockServices.auth(),
  };
  const computation = testComputation({
    ...deps,
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  await before(store);
  await computation.runFull();
  const read = async (ref: string) => {
    const stored = (await store.getScorecard(ref))!;
    expect(stored.detailJson).toBeFalsy();
    const spies = RECORD_GETTERS.map(name => jest.spyOn(store, name));
    const recompute = jest.spyOn(computation, 'recompute');
    const scorecard = await detailOfUnchanged({ ...deps, computation }, stored);
    const queried = RECORD_GETTERS.filter((_, i) => spies[i].mock.calls.length);
    const rescored = recompute.mock.calls.length > 0;
    jest.restoreAllMocks();
    return { scorecard: scorecard!, queried, rescored, stored };
  };
  return { knex, computation, read };
}

describe.each(databases.eachSupportedId())(
  "the record tables an entity's first read queries, on %s",
  id => {
    it('queries none for an entity that, like its System, has no stored records', async () => {
      const t = await setup(id);
      const { scorecard, queried, rescored } = await t.read(search);
      expect(queried).toEqual([]);
      // The stored scorecard, built again: not scored again and stored.
      expect(rescored).toBe(false);
      expect(scorecard.entityRef).toBe(search);
    });

    it("queries those with the entity's or its System's records, and builds the detail the run scored", async () => {
      const t = await setup(id, async store => {
        await store.transaction(async tx => {
          await store.putRole(tx, cart, 'cto', [bob], bob, 0);
          await store.putAnswer(
            tx,
            shop,
            'scalability.load-test',
            { status: 'met' },
            bob,
            0,
          );
        });
      });
      const { scorecard, queried, rescored } = await t.read(cart);
      expect(queried).toEqual(['getAnswers', 'getRoles']);
      expect(rescored).toBe(false);
      // The System's answer is inherited, the portal role held.
      const loadTest = scorecard.checks.find(
        c => c.checkId === 'scalability.load-test',
      );
      expect(loadTest).toMatchObject({ status: 'met', source: 'inherited' });
      expect(scorecard.roles.find(r => r.roleId === 'cto')).toMatchObject({
        holders: [bob],
        source: 'portal',
      });

      // search, in the same System, has none of its own: the System's answers only.
      expect((await t.read(search)).queried).toEqual(['getAnswers']);
    });

    it('a run with nothing changed keeps the tables of rows stored before they were, without reading bodies', async () => {
      const t = await setup(id);
      const rows = () =>
        t
          .knex('readiness_scorecards')
          .orderBy('entity_ref')
          .select('entity_ref', 'input_basis');
      const scored = await rows();
      // As the previous version stored them: the basis without the tables.
      for (const { entity_ref, input_basis } of scored) {
        const { records, ...basis } = JSON.parse(input_basis);
        await t
          .knex('readiness_scorecards')
          .where({ entity_ref })
          .update({ input_basis: JSON.stringify(basis) });
      }
      expect((await t.read(search)).queried).toEqual([...RECORD_GETTERS]);

      const run = await t.computation.runFull();
      expect(run).toMatchObject({ rescored: 0, bodiesRead: 0 });
      expect(await rows()).toEqual(scored);
      // search's detail is kept now; checkout, also without records, is read first.
      expect((await t.read(checkout)).queried).toEqual([]);
    });

    it('queries all for a row stored before the tables were kept with it', async () => {
      const t = await setup(id);
      const { knex } = t;
      const row = await knex('readiness_scorecards')
        .where('entity_ref', search)
        .first('input_basis');
      const { records, ...basis } = JSON.parse(row.input_basis);
      expect(records).toEqual([]);
      await knex('readiness_scorecards')
        .where('entity_ref', search)
        .update({ input_basis: JSON.stringify(basis) });

      const { queried, rescored } = await t.read(search);
      expect(queried).toEqual([...RECORD_GETTERS]);
      expect(rescored).toBe(false);
    });
  },
);
