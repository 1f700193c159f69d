import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { StoreDatabase, toStoreTransaction } from './storeDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const COLUMNS = {
  id: 'text',
  label: 'text',
  count: 'integer',
  ratio: 'real',
  flag: 'boolean',
} as const;

type Row = {
  id: string;
  label: string | null;
  count: number | null;
  ratio: number | null;
  flag: boolean | null;
};

async function scratchTable(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await knex.schema.createTable('upsert_probe', table => {
    table.string('id', 255).primary();
    table.text('label').nullable();
    table.integer('count').nullable();
    table.float('ratio').nullable();
    table.boolean('flag').nullable();
    table.text('untouched').nullable();
  });
  const store = new StoreDatabase(knex);
  const upsert = (rows: Row[]) =>
    knex.transaction(tx =>
      store.upsert(
        toStoreTransaction(tx),
        'upsert_probe',
        { columns: COLUMNS, key: ['id'] },
        rows,
        row => row,
      ),
    );
  const read = async () =>
    (await knex('upsert_probe').orderBy('id')).map(row => ({
      ...row,
      // SQLite answers booleans as 0 or 1.
      flag: row.flag === null ? null : Boolean(row.flag),
    }));
  return { knex, upsert, read };
}

/** The inserts `knex` sends while `action` runs, with their bindings. */
async function insertsOf(knex: Knex, action: () => Promise<unknown>) {
  const sent = await statementsOf(knex, action);
  return sent.filter(s => /^insert/i.test(s.sql));
}

describe.each(databases.eachSupportedId())('StoreDatabase.upsert, %p', id => {
  it('stores every value as given, nulls and text with quotes, escapes and array or JSON syntax included', async () => {
    const t = await scratchTable(id);
    const rows: Row[] = [
      { id: 'a', label: 'plain', count: 3, ratio: 0.5, flag: true },
      { id: 'b', label: null, count: null, ratio: null, flag: null },
      {
        id: 'c',
        label: '{"x", NULL} \\ , \' ; ünïcödé \t\n 😀 \\u0041',
        count: -7,
        ratio: 87.5,
        flag: false,
      },
      { id: 'd', label: 'NULL', count: 0, ratio: 0, flag: false },
    ];
    await t.upsert(rows);
    expect(await t.read()).toEqual(rows.map(r => ({ ...r, untouched: null })));
  });

  it('replaces the written columns of a row with the same key and leaves the others', async () => {
    const t = await scratchTable(id);
    await t.upsert([
      { id: 'a', label: 'first', count: 1, ratio: 1, flag: true },
      { id: 'b', label: 'kept', count: 2, ratio: 2, flag: true },
    ]);
    await t.knex('upsert_probe').update({ untouched: 'mine' });
    await t.upsert([
      { id: 'a', label: null, count: 10, ratio: 0.25, flag: false },
      { id: 'c', label: 'new', count: 3, ratio: 3, flag: null },
    ]);
    expect(await t.read()).toEqual([
      {
        id: 'a',
        label: null,
        count: 10,
        ratio: 0.25,
        flag: false,
        untouched: 'mine',
      },
      {
        id: 'b',
        label: 'kept',
        count: 2,
        ratio: 2,
        flag: true,
        untouched: 'mine',
      },
      {
        id: 'c',
        label: 'new',
        count: 3,
        ratio: 3,
        flag: null,
        untouched: null,
      },
    ]);
  });

  it('writes a batch larger than one statement takes, and nothing for no rows', async () => {
    const t = await scratchTable(id);
    const rows = Array.from({ length: 2345 }, (_, i) => ({
      id: `r${String(i).padStart(5, '0')}`,
      label: `row ${i}`,
      count: i,
      ratio: i / 4,
      flag: i % 2 === 0,
    }));
    await t.upsert(rows);
    expect(await t.read()).toEqual(rows.map(r => ({ ...r, untouched: null })));
    expect(await insertsOf(t.knex, () => t.upsert([]))).toEqual([]);
  });

  it('builds the rows of one statement at a time, not of the whole batch', async () => {
    const t = await scratchTable(id);
    const store = new StoreDatabase(t.knex);
    let built = 0;
    const builtBefore: number[] = [];
    const counter = () => builtBefore.push(built);
    t.knex.on('query', counter);
    const inserts = await insertsOf(t.knex, () =>
      t.knex.transaction(tx =>
        store.upsert(
          toStoreTransaction(tx),
          'upsert_probe',
          { columns: COLUMNS, key: ['id'] },
          Array.from({ length: 1200 }, (_, i) => i),
          i => {
            built++;
            return { id: `r${i}`, label: null, count: i, ratio: 0, flag: true };
          },
        ),
      ),
    );
    expect(built).toBe(1200);
    expect(inserts.length).toBeGreaterThan(1);
    t.knex.removeListener('query', counter);
    // When the first insert is sent, only its own rows (≤ 500) are built.
    expect(builtBefore.find(n => n > 0)).toBeLessThanOrEqual(500);
  });
});

describe.each(databases.eachSupportedId())('a full run’s writes, %p', id => {
  it('send the scorecards and snapshots of a batch in statements whose parameters do not grow with the rows (PostgreSQL)', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const refs = Array.from(
      { length: 250 },
      (_, i) => `component:default/c${String(i).padStart(3, '0')}`,
    );
    const rows = refs.map(ref =>
      toScorecardRow(componentScorecard(ref), `etag-${ref}`),
    );
    const inserts = await insertsOf(knex, () =>
      store.transaction(async tx => {
        await store.putScorecards(tx, rows);
        await store.putSnapshots(
          tx,
          '2026-12-01',
          refs.map(ref => ({ ref, score: 50, level: 'bronze' })),
          [],
        );
      }),
    );
    expect(await store.countScorecards()).toBe(250);
    expect(await store.getSnapshots(refs[249], 'entity', '2026-01-01')).toEqual(
      [{ day: '2026-12-01', score: 50, level: 'bronze' }],
    );
    if (!id.startsWith('POSTGRES')) return;
    // One statement each, whatever the number of rows, with one parameter.
    expect(inserts.map(s => s.bindings.length)).toEqual([1, 1]);
  });
});
