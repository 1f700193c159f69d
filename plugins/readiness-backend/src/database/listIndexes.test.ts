import { createTestDatabases } from '../__testUtils__/databases';
import { planText } from '../__testUtils__/queryPlans';
import { statementsOf } from '../__testUtils__/statements';
import { CampaignProgressTable } from './campaignProgressTable';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { StoreDatabase } from './storeDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const TEAM = 'group:default/payments';

/** Whether a plan finds rows by `column` in an index, rather than filtering what it read. */
function searchesBy(plan: string, column: string) {
  return (
    // PostgreSQL: an index condition on the column.
    new RegExp(`Index Cond: .*\\b${column}\\b`).test(plan) ||
    // SQLite: SEARCH ... USING INDEX name (a=? AND column=?).
    new RegExp(`USING (COVERING )?INDEX \\S+ \\(.*\\b${column}=\\?`).test(plan)
  );
}

describe.each(databases.eachSupportedId())('list indexes on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    return { knex, store };
  }

  // At 100,000 entities a day holds 100,000 entity lines; a team has a few.
  it("finds a team's entities of a past day by owner, not among the day's lines", async () => {
    const { knex, store } = await setup();
    const statements = await statementsOf(knex, () =>
      store.listEntitiesAsOf('2026-11-30', TEAM, 50, 0),
    );
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(searchesBy(await planText(knex, statement), 'parent_ref')).toBe(
        true,
      );
    }
  });

  // The entity list sends both filters on every page, and counts the
  // matches in the page's query: without an index, the count read every
  // row of the table (member JSON and all).
  it('counts the entities of a kind and lifecycle from an index, not among every row', async () => {
    const { knex, store } = await setup();
    const [page] = await statementsOf(knex, () =>
      store.listScorecards({
        kind: 'system',
        lifecycle: 'production',
        limit: 50,
        offset: 0,
      }),
    );
    const plan = await planText(knex, page);
    expect(searchesBy(plan, 'kind')).toBe(true);
    expect(searchesBy(plan, 'lifecycle')).toBe(true);
  });

  it("reads a campaign's open entities in ref order from an index, without sorting them", async () => {
    const { knex } = await setup();
    // A campaign near its end: 30 of 3,000 entities still open.
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      campaign_id: 'c-1',
      entity_ref: `component:default/c${String(i).padStart(4, '0')}`,
      owner_ref: TEAM,
      done: i % 100 !== 0,
      missing: '[]',
    }));
    await knex.batchInsert('readiness_campaign_entities', rows, 500);
    // The planner's statistics, as autovacuum keeps them.
    if (id.startsWith('POSTGRES')) {
      await knex.raw('ANALYZE readiness_campaign_entities');
    }
    const progress = new CampaignProgressTable(new StoreDatabase(knex));
    const [, page] = await statementsOf(knex, () =>
      progress.listEntities('c-1', { done: false, limit: 50, offset: 0 }),
    );
    const plan = await planText(knex, page, { inOrder: true });
    expect(searchesBy(plan, 'done')).toBe(true);
    expect(plan).not.toMatch(/Sort|ORDER BY/);
  });
});
