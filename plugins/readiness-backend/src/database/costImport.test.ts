import { StoredCostTable } from '@prodready/plugin-readiness-common';
import { storeOn } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ACTOR = 'user:default/carol';
const refOf = (i: number) => `system:default/sys-${String(i).padStart(4, '0')}`;

const table = (i: number, monthlyCost: number): StoredCostTable => ({
  entityRef: refOf(i),
  currency: 'EUR',
  date: '2026-11-30',
  tiers: [{ users: 1000, monthlyCost }],
  updatedBy: ACTOR,
  updatedAt: '2026-11-30T10:00:00.000Z',
  version: 1,
});

/*
 * A restore replaces every cost table while every writer on every
 * instance waits for its lock: its history goes in batches, not a
 * statement a table.
 */
describe.each(databases.eachSupportedId())('importing cost tables, %p', id => {
  it('records each import and deletion in the history, in batches', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    // Stored before: tables 0–99; the backup holds 50–299, the first 50 of
    // them with other figures.
    await store.transaction(async tx => {
      for (let i = 0; i < 100; i++) {
        await store.putCostTable(tx, refOf(i), table(i, 10), ACTOR, 0);
      }
    });
    const imported = Array.from({ length: 250 }, (_, k) => table(50 + k, 20));

    const sent = await statementsOf(knex, () =>
      store.transaction(tx => store.importCostTables(tx, imported, ACTOR)),
    );

    const history = await knex('readiness_history')
      .where({ subject: 'cost-table', action: 'delete' })
      .orWhere({ subject: 'cost-table', action: 'import' })
      .select('entity_ref', 'action');
    const actions = new Map<string, number>();
    for (const row of history) {
      actions.set(row.action, (actions.get(row.action) ?? 0) + 1);
    }
    expect(Object.fromEntries(actions)).toEqual({ import: 250, delete: 50 });
    expect(
      new Set(
        history.filter(r => r.action === 'delete').map(r => r.entity_ref),
      ),
    ).toEqual(new Set(Array.from({ length: 50 }, (_, i) => refOf(i))));
    const historyInserts = sent.filter(s =>
      /^insert into [`"]readiness_history[`"]/i.test(s.sql),
    );
    // 300 rows: a few statements, not one a row.
    expect(historyInserts.length).toBeGreaterThan(0);
    expect(historyInserts.length).toBeLessThanOrEqual(5);
  });
});
