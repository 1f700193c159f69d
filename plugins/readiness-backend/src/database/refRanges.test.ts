import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { componentScorecard } from '../__testUtils__/scorecards';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { RefSelection } from './ReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const alice = 'user:default/alice';

/** Names whose order depends on the collation (punctuation, case of digits). */
const NAMES = ['a-b', 'a_b', 'ab', 'a.b', 'a1', 'a10', 'a2', 'b', 'z', 'æ'];
const refs = NAMES.map(name => `component:default/${name}`);

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  // Every entity has a scorecard; every other one has records of each kind.
  await store.transaction(async tx => {
    await store.putScorecards(
      tx,
      refs.map(ref => ({
        ...toScorecardRow(
          componentScorecard(ref, { score: 50 }),
          `etag-${ref}`,
        ),
        inputFingerprint: `input-${ref}`,
        inputBasis: {
          etag: `etag-${ref}`,
          kind: 'component',
          refs: [alice],
          expiries: [],
        },
      })),
    );
    for (const ref of refs.filter((_, i) => i % 2 === 0)) {
      await store.putAnswer(
        tx,
        ref,
        'support.runbooks',
        { status: 'met' },
        alice,
        0,
      );
      await store.putRole(tx, ref, 'dba', [alice], alice, 0);
      await store.putResults(
        tx,
        [{ entityRef: ref, checkId: 'monitoring.alerts', status: 'met' }],
        alice,
      );
      await store.requestExemption(
        tx,
        ref,
        {
          checkId: 'security.pen-test',
          reasonCode: 'planned-remediation',
          reasonText: 'Booked',
          endsOn: '2027-02-01',
        },
        alice,
      );
    }
  });
  return store;
}

/** The refs each record getter gives for a selection. */
async function recordRefs(
  store: DatabaseReadinessStore,
  selection: RefSelection,
) {
  const keys = (map: Map<string, unknown>) => [...map.keys()].sort();
  return {
    answers: keys(await store.getAnswers(selection)),
    roles: keys(await store.getRoles(selection)),
    results: keys(await store.getResults(selection)),
    exemptions: keys(await store.getOpenExemptions(selection)),
  };
}

describe.each(databases.eachSupportedId())('Ranges of refs on %s', id => {
  it("pages every stored scorecard's inputs once, in ranges that read exactly their entities' records", async () => {
    const store = await setup(id);
    const seen: string[] = [];
    for await (const page of store.streamScorecardInputs(3)) {
      const pageRefs = [...page.inputs.keys()];
      expect(pageRefs.length).toBeLessThanOrEqual(3);
      expect(page.inputs.get(pageRefs[0])).toEqual({
        inputFingerprint: `input-${pageRefs[0]}`,
        inputBasis: {
          etag: `etag-${pageRefs[0]}`,
          kind: 'component',
          refs: [alice],
          expiries: [],
        },
      });
      expect(page.range).toEqual({
        from: pageRefs[0],
        to: pageRefs[pageRefs.length - 1],
      });
      // The range's records are those of the page's entities, no more.
      expect(await recordRefs(store, page.range)).toEqual(
        await recordRefs(store, pageRefs),
      );
      seen.push(...pageRefs);
    }
    expect([...seen].sort()).toEqual([...refs].sort());
    expect(new Set(seen).size).toBe(refs.length);
  });

  it('reads the same records by range as by naming every entity in it', async () => {
    const store = await setup(id);
    const all = await recordRefs(store, refs);
    expect(all.answers).toHaveLength(5);
    let pages = 0;
    for await (const page of store.streamScorecardInputs(100)) {
      pages++;
      expect(await recordRefs(store, page.range)).toEqual(all);
    }
    expect(pages).toBe(1);
  });
});
