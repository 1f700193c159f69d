import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { READINESS_MIGRATIONS } from './migrations';
import { ScorecardQuery } from './ReadinessStore';
import { toScorecardRow } from '../service/scorecardRow';
import { componentScorecard } from '../__testUtils__/scorecards';
import { exportedRecords } from '../__testUtils__/backup';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ref = 'component:default/cart';

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())(
  'DatabaseReadinessStore on %s',
  id => {
    let knex: Knex;
    let store: DatabaseReadinessStore;
    beforeEach(async () => {
      ({ knex, store } = await setup(id));
    });

    it('migrates down and up again', async () => {
      await knex.migrate.rollback(READINESS_MIGRATIONS, true);
      expect(await knex.schema.hasTable('readiness_answers')).toBe(false);
      expect(await knex.schema.hasTable('readiness_snapshots')).toBe(false);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(await knex.schema.hasTable('readiness_answers')).toBe(true);
    });

    it('writes answers with increasing versions and records history', async () => {
      const first = await store.transaction(tx =>
        store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          { status: 'partially-met' },
          'user:default/alice',
          0,
        ),
      );
      expect(first).toMatchObject({
        version: 1,
        status: 'partially-met',
        answeredBy: 'user:default/alice',
      });
      const second = await store.transaction(tx =>
        store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          { status: 'met', evidenceUrl: 'https://grafana.example/d/1' },
          'user:default/alice',
          1,
        ),
      );
      expect(second.version).toBe(2);
      expect(await store.getAnswer(ref, 'monitoring.metrics')).toEqual(second);
      const history = await store.getHistory(ref, 10);
      expect(
        history.map(h => [
          h.action,
          (h.before as any)?.status ?? null,
          (h.after as any)?.status,
        ]),
      ).toEqual([
        ['set', 'partially-met', 'met'],
        ['set', null, 'partially-met'],
      ]);
    });

    it('rejects a stale version with 409 and the current answer, keeping the newer answer', async () => {
      await store.transaction(tx =>
        store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      // Two users both saw version 1; the first write wins.
      const [a, b] = await Promise.allSettled([
        store.transaction(tx =>
          store.putAnswer(
            tx,
            ref,
            'monitoring.metrics',
            { status: 'not-met', note: 'first' },
            'user:default/alice',
            1,
          ),
        ),
        store.transaction(tx =>
          store.putAnswer(
            tx,
            ref,
            'monitoring.metrics',
            { status: 'partially-met', note: 'second' },
            'user:default/bob',
            1,
          ),
        ),
      ]);
      const outcomes = [a.status, b.status].sort();
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      const rejected = (
        a.status === 'rejected' ? a : b
      ) as PromiseRejectedResult;
      const winner = (
        a.status === 'fulfilled' ? a : b
      ) as PromiseFulfilledResult<any>;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      expect(rejected.reason.current).toMatchObject({ version: 2 });
      const stored = await store.getAnswer(ref, 'monitoring.metrics');
      expect(stored).toEqual(winner.value);
      expect(stored!.version).toBe(2);
    });

    it('rejects creating an answer that someone else created meanwhile', async () => {
      await store.transaction(tx =>
        store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      await expect(
        store.transaction(tx =>
          store.putAnswer(
            tx,
            ref,
            'monitoring.metrics',
            { status: 'not-met' },
            'user:default/bob',
            0,
          ),
        ),
      ).rejects.toThrow(ConflictError);
      expect((await store.getAnswer(ref, 'monitoring.metrics'))!.status).toBe(
        'met',
      );
    });

    it('rolls back the answer and its history when the transaction fails', async () => {
      await expect(
        store.transaction(async tx => {
          await store.putAnswer(
            tx,
            ref,
            'monitoring.metrics',
            { status: 'met' },
            'user:default/alice',
            0,
          );
          throw new Error('scoring failed');
        }),
      ).rejects.toThrow('scoring failed');
      expect(await store.getAnswer(ref, 'monitoring.metrics')).toBeUndefined();
      expect(await store.getHistory(ref, 10)).toEqual([]);
    });

    it('reviews and deletes answers with version checks', async () => {
      await store.transaction(tx =>
        store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      const reviewed = await store.transaction(tx =>
        store.reviewAnswer(
          tx,
          ref,
          'monitoring.metrics',
          'user:default/carol',
          1,
        ),
      );
      expect(reviewed.review).toMatchObject({
        reviewedBy: 'user:default/carol',
      });
      expect(reviewed.version).toBe(2);
      await expect(
        store.transaction(tx =>
          store.deleteAnswer(
            tx,
            ref,
            'monitoring.metrics',
            'user:default/alice',
            1,
          ),
        ),
      ).rejects.toThrow(ConflictError);
      await store.transaction(tx =>
        store.deleteAnswer(
          tx,
          ref,
          'monitoring.metrics',
          'user:default/alice',
          2,
        ),
      );
      expect(await store.getAnswer(ref, 'monitoring.metrics')).toBeUndefined();
      expect((await store.getHistory(ref, 10)).map(h => h.action)).toEqual([
        'delete',
        'review',
        'set',
      ]);
    });

    it('stores role assignments with versions', async () => {
      const role = await store.transaction(tx =>
        store.putRole(
          tx,
          ref,
          'dba',
          ['user:default/alice', 'group:default/team-a'],
          'user:default/alice',
          0,
        ),
      );
      expect(role).toMatchObject({
        version: 1,
        holders: ['user:default/alice', 'group:default/team-a'],
      });
      await expect(
        store.transaction(tx =>
          store.putRole(tx, ref, 'dba', [], 'user:default/bob', 0),
        ),
      ).rejects.toThrow(ConflictError);
      expect((await store.getRoles([ref])).get(ref)).toEqual([role]);
    });

    it('exports, and an import after deleting everything restores identical answers and roles', async () => {
      await store.transaction(async tx => {
        await store.putAnswer(
          tx,
          ref,
          'monitoring.metrics',
          {
            status: 'not-applicable',
            notApplicableReason: 'out-of-scope',
            notApplicableText: 'batch job',
          },
          'user:default/alice',
          0,
        );
        await store.putAnswer(
          tx,
          'component:default/search',
          'security.pen-test',
          { status: 'met', evidenceUrl: 'https://x.example/pt', note: 'Q3' },
          'user:default/bob',
          0,
        );
        await store.reviewAnswer(
          tx,
          'component:default/search',
          'security.pen-test',
          'user:default/carol',
          1,
        );
        await store.putRole(
          tx,
          ref,
          'dba',
          ['user:default/alice'],
          'user:default/alice',
          0,
        );
      });
      const exported = await exportedRecords(store);
      await knex('readiness_answers').delete();
      await knex('readiness_roles').delete();
      expect(await exportedRecords(store)).toEqual({ answers: [], roles: [] });
      await store.transaction(tx =>
        store.importAll(tx, exported, 'user:default/carol'),
      );
      expect(await exportedRecords(store)).toEqual(exported);
      expect(exported.answers).toHaveLength(2);
      expect(exported.answers[1].review?.reviewedBy).toBe('user:default/carol');
    });

    it('keeps daily snapshots and finds the newest on or before a day', async () => {
      const rollup = (score: number) => ({
        ref: 'group:default/team-a',
        kind: 'group' as const,
        children: [],
        score,
        categories: {},
        aggregate: {
          entities: 1,
          scored: 1,
          scoreSum: score,
          categories: {},
          levels: {},
          gateFailures: 0,
          productionBelowGate: 0,
          roleProblems: 0,
        },
      });
      await store.transaction(tx =>
        store.putSnapshots(
          tx,
          '2026-10-01',
          [{ ref, owner: 'group:default/team-a', score: 10, level: null }],
          [rollup(10)],
        ),
      );
      await store.transaction(tx =>
        store.putSnapshots(
          tx,
          '2026-11-01',
          [{ ref, owner: 'group:default/team-a', score: 40, level: 'bronze' }],
          [rollup(40)],
        ),
      );
      expect(await store.snapshotDayOnOrBefore('2026-10-15')).toBe(
        '2026-10-01',
      );
      expect(await store.snapshotDayOnOrBefore('2026-09-01')).toBeUndefined();
      expect(
        (await store.getRollupAsOf('2026-10-01', 'group:default/team-a'))!
          .score,
      ).toBe(10);
      expect(await store.getSnapshots(ref, 'entity', '2026-01-01')).toEqual([
        { day: '2026-10-01', score: 10, level: null },
        { day: '2026-11-01', score: 40, level: 'bronze' },
      ]);
      expect(
        (
          await store.listEntitiesAsOf(
            '2026-11-01',
            'group:default/team-a',
            10,
            0,
          )
        ).items,
      ).toEqual([
        {
          ref,
          owner: 'group:default/team-a',
          title: undefined,
          score: 40,
          level: 'bronze',
        },
      ]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'DatabaseReadinessStore listings on %s',
  id => {
    const scorecard = (name: string, score: number | null, title: string) =>
      componentScorecard(`component:default/${name}`, {
        title,
        owner: 'group:default/team-a',
        score,
      });

    it('sorts by score both ways with unscored entities last, and by title', async () => {
      const { store } = await setup(id);
      await store.transaction(tx =>
        store.putScorecards(tx, [
          toScorecardRow(scorecard('a', 40, 'Charlie'), undefined),
          toScorecardRow(scorecard('b', null, 'Alpha'), undefined),
          toScorecardRow(scorecard('c', 80, 'Bravo'), undefined),
        ]),
      );
      const order = async (query: Partial<ScorecardQuery>) =>
        (
          await store.listScorecards({ limit: 10, offset: 0, ...query })
        ).items.map(i => i.score);
      expect(await order({ sort: 'score', order: 'asc' })).toEqual([
        40,
        80,
        null,
      ]);
      expect(await order({ sort: 'score', order: 'desc' })).toEqual([
        80,
        40,
        null,
      ]);
      expect(await order({ sort: 'title' })).toEqual([null, 80, 40]);
      expect(
        (await store.getScorecard('component:default/a'))!.computedAt,
      ).toBe('2026-11-26T10:00:00.000Z');
    });
  },
);
