import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { scorecardPages } from './storeDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const refOf = (i: number) => `component:default/c${String(i).padStart(3, '0')}`;

/** `count` stored scorecards, and the refs each page statement read after. */
async function setup(id: TestDatabaseId, count: number) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  const refs = Array.from({ length: count }, (_, i) => refOf(i));
  await store.transaction(tx =>
    store.putScorecards(
      tx,
      refs.map(ref => toScorecardRow(componentScorecard(ref), `etag-${ref}`)),
    ),
  );
  const readAfter: unknown[] = [];
  knex.on('query', (q: { sql: string; bindings?: unknown[] }) => {
    if (/entity_ref["`]? > /.test(q.sql)) readAfter.push(q.bindings?.[0]);
  });
  return { knex, refs, readAfter };
}

async function all(knex: Knex, pageSize: number) {
  const pages: string[][] = [];
  for await (const rows of scorecardPages<{ entity_ref: string }>(
    knex,
    ['entity_ref'],
    pageSize,
  )) {
    pages.push(rows.map(r => r.entity_ref));
  }
  return pages;
}

/** Resolves once `done()` holds, or with false after ten seconds. */
async function eventually(done: () => boolean) {
  const until = Date.now() + 10_000;
  while (!done() && Date.now() < until) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  return done();
}

describe.each(databases.eachSupportedId())('scorecardPages, %p', id => {
  it('gives every stored scorecard once, in pages after the last ref of the page before', async () => {
    const t = await setup(id, 5);
    expect(await all(t.knex, 2)).toEqual([
      t.refs.slice(0, 2),
      t.refs.slice(2, 4),
      [t.refs[4]],
    ]);
    // A short last page ends it, without a statement that finds nothing.
    expect(t.readAfter).toEqual(['', t.refs[1], t.refs[3]]);
  });

  it('reads once more after a full last page, and once from an empty table', async () => {
    const full = await setup(id, 4);
    expect(await all(full.knex, 2)).toHaveLength(2);
    expect(full.readAfter).toEqual(['', full.refs[1], full.refs[3]]);

    const empty = await setup(id, 0);
    expect(await all(empty.knex, 2)).toEqual([]);
    expect(empty.readAfter).toEqual(['']);
  });

  it('asks for the next page while the caller handles this one when reading ahead', async () => {
    const t = await setup(id, 5);
    const pages = scorecardPages<{ entity_ref: string }>(
      t.knex,
      ['entity_ref'],
      2,
      { readAhead: true },
    );
    await pages.next();
    // The caller has the first page and has not asked for the second.
    expect(await eventually(() => t.readAfter.length === 2)).toBe(true);
    expect(t.readAfter).toEqual(['', t.refs[1]]);
    const second = await pages.next();
    expect(
      (second.value ?? []).map((r: { entity_ref: string }) => r.entity_ref),
    ).toEqual(t.refs.slice(2, 4));
  });
});
