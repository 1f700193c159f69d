import { StoredAnswer } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { componentScorecard } from '../__testUtils__/scorecards';
import { storeOn } from '../__testUtils__/computation';
import { statementsOf } from '../__testUtils__/statements';
import { toScorecardRow } from '../service/scorecardRow';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const FINGERPRINT = 'fingerprint-of-the-run';
const SYSTEM = 'system:default/shop';
/** cart and checkout are parts of shop; vault and audit are not. */
const REFS = [
  'component:default/cart',
  'component:default/checkout',
  'component:default/vault',
  'component:default/audit',
  SYSTEM,
];

const answer = (entityRef: string, status: string): StoredAnswer => ({
  entityRef,
  checkId: 'monitoring.metrics',
  status: status as StoredAnswer['status'],
  source: 'portal',
  answeredBy: 'user:default/alice',
  answeredAt: '2026-11-30T10:00:00.000Z',
  version: 1,
});

/*
 * A first read trusts the record tables kept with a scorecard (those that
 * held its records, or its System's, when it was scored). An import writes
 * records without scoring, so it forgets them for what it changed, under
 * the lock that holds every writer: before, it rewrote every scorecard of
 * the organisation, however few records it changed.
 */
describe.each(databases.eachSupportedId())(
  'the record tables an import forgets, on %s',
  id => {
    it('are those of the entities whose records it changed, and of the parts of a System whose records it changed', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      await store.transaction(async tx => {
        await store.putScorecards(
          tx,
          REFS.map(ref => ({
            ...toScorecardRow(
              componentScorecard(ref, {
                kind: ref.startsWith('system') ? 'system' : 'component',
                ...(['cart', 'checkout'].some(n => ref.endsWith(n))
                  ? { system: SYSTEM }
                  : {}),
              }),
              `etag-${ref}`,
            ),
            inputFingerprint: FINGERPRINT,
          })),
        );
        await store.putInputBases(
          tx,
          new Map(
            REFS.map(ref => [
              ref,
              {
                inputBasis: {
                  etag: `etag-${ref}`,
                  kind: 'component',
                  refs: [],
                  expiries: [],
                },
                inputRecords: ['answers'],
                inputFingerprint: FINGERPRINT,
              },
            ]),
          ),
        );
      });
      // What is stored before the import: vault's answer, and audit's.
      const stored = [
        answer('component:default/vault', 'met'),
        answer('component:default/audit', 'met'),
      ];
      await store.transaction(tx =>
        store.importAll(tx, { answers: stored, roles: [] }, 'user:default/a'),
      );

      // The import: vault's as stored, audit's otherwise, and shop's new.
      const sent = await statementsOf(knex, () =>
        store.transaction(async tx => {
          const watermark = await store.historyWatermark(tx);
          await store.importAll(
            tx,
            {
              answers: [
                stored[0],
                answer('component:default/audit', 'not-met'),
                answer(SYSTEM, 'met'),
              ],
              roles: [],
            },
            'user:default/carol',
          );
          await store.forgetRecordTables(tx, watermark);
        }),
      );

      const kept = Object.fromEntries(
        (
          await knex('readiness_scorecards').select('entity_ref', 'input_basis')
        ).map(row => [
          row.entity_ref,
          JSON.parse(row.input_basis).records ?? null,
        ]),
      );
      expect(kept).toEqual({
        'component:default/cart': null,
        'component:default/checkout': null,
        'component:default/vault': ['answers'],
        'component:default/audit': null,
        [SYSTEM]: null,
      });
      // One statement, not one a row.
      expect(
        sent.filter(s => /^update .readiness_scorecards./i.test(s.sql)),
      ).toHaveLength(1);
    });
  },
);
