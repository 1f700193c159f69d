import { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Rollup } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import {
  applyRetention,
  daysBefore,
  isoWeekOf,
  pruneHistory,
  readRetention,
  snapshotDaysToDelete,
  thinSnapshots,
} from './snapshotRetention';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const ref = 'component:default/cart';
const team = 'group:default/team-a';
/** A Tuesday. */
const TODAY = '2026-12-01';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const policy = { dailyDays: 30, weeklyDays: 180, monthlyDays: 730 };

const ageOf = (day: string) =>
  Math.round((Date.parse(TODAY) - Date.parse(day)) / 86400000);
const isSunday = (day: string) =>
  new Date(`${day}T00:00:00Z`).getUTCDay() === 0;
const isMonthEnd = (day: string) =>
  daysBefore(day, -1).slice(0, 7) !== day.slice(0, 7);

/** Every day of ~3 years up to TODAY, oldest first. */
const allDays = Array.from({ length: 1100 }, (_, i) =>
  daysBefore(TODAY, 1099 - i),
);

/**
 * What the rule keeps of a complete daily series, written independently of
 * it: every day of the daily tier; in the weekly tier the Sundays and the
 * day just past the daily tier (the latest of its week in the tier); in the
 * monthly tier the last days of months and the day just past the weekly
 * tier; nothing older.
 */
const expectedKept = allDays.filter(day => {
  const age = ageOf(day);
  if (age <= policy.dailyDays) return true;
  if (age <= policy.weeklyDays)
    return isSunday(day) || age === policy.dailyDays + 1;
  if (age <= policy.monthlyDays)
    return isMonthEnd(day) || age === policy.weeklyDays + 1;
  return false;
});

const scoreOf = (day: string) => ageOf(day) % 100;
const rollup = (score: number): Rollup => ({
  ref: team,
  kind: 'group',
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

describe('snapshot thinning rules', () => {
  it('groups days by ISO week (Monday to Sunday)', () => {
    expect(isoWeekOf('2026-11-30')).toBe('2026-11-30'); // Monday
    expect(isoWeekOf('2026-12-06')).toBe('2026-11-30'); // Sunday
    expect(isoWeekOf('2027-01-01')).toBe('2026-12-28'); // across the year
  });

  it('keeps the latest day of each week and month within its tier', () => {
    const days = [
      '2026-01-10', // older than 300 days: goes
      '2026-03-30',
      '2026-03-31', // latest of March in the monthly tier
      '2026-06-25',
      '2026-06-28', // Sunday, latest of its week
      '2026-06-29',
      '2026-06-30', // latest of its week in the weekly tier
      '2026-07-01', // daily tier (153 days old)
    ];
    const rule = { dailyDays: 153, weeklyDays: 200, monthlyDays: 300 };
    expect(snapshotDaysToDelete(days, TODAY, rule)).toEqual([
      '2026-01-10',
      '2026-03-30',
      '2026-06-25',
      '2026-06-29',
    ]);
  });

  it('keeps the latest complete day of a week or month, a partial one only when none is', () => {
    const rule = { dailyDays: 153, weeklyDays: 200, monthlyDays: 300 };
    const days = [
      '2026-03-27', // complete: the March kept
      '2026-03-31', // a write's lines only
      '2026-04-29', // partial days only: the latest stays
      '2026-04-30',
      '2026-06-26', // Friday, complete: the week kept
      '2026-06-28', // Sunday, a write's lines only
    ];
    const complete = new Set(['2026-03-27', '2026-06-26']);
    expect(snapshotDaysToDelete(days, TODAY, rule, complete)).toEqual([
      '2026-03-31',
      '2026-04-29',
      '2026-06-28',
    ]);
  });

  it('reads the retention config with its defaults and the deprecated alias', () => {
    expect(readRetention(undefined)).toEqual({
      snapshots: { dailyDays: 90, weeklyDays: 365, monthlyDays: 1825 },
    });
    expect(readRetention({ snapshotRetentionDays: 400 })).toEqual({
      snapshots: { dailyDays: 90, weeklyDays: 365, monthlyDays: 400 },
    });
    expect(
      readRetention({
        retention: { snapshots: { weeklyDays: 200 }, historyDays: 730 },
      }),
    ).toEqual({
      snapshots: { dailyDays: 90, weeklyDays: 200, monthlyDays: 1825 },
      historyDays: 730,
    });
  });
});

describe.each(databases.eachSupportedId())('snapshot retention on %s', id => {
  let knex: Knex;
  let store: DatabaseReadinessStore;
  beforeEach(async () => {
    knex = await databases.init(id);
    store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
  });

  async function seedSnapshots() {
    const rows = allDays.flatMap(day => {
      const score = scoreOf(day);
      return [
        { day, subject_ref: ref, subject_kind: 'entity', parent_ref: team },
        {
          day,
          subject_ref: team,
          subject_kind: 'group',
          parent_ref: null as string | null,
        },
      ].map(row => ({
        ...row,
        title: null,
        score,
        level: null,
        data:
          row.subject_kind === 'group' ? JSON.stringify(rollup(score)) : null,
      }));
    });
    await knex.batchInsert('readiness_snapshots', rows, 200);
  }

  const storedDays = () => store.listSnapshotDaysBefore('9999-12-31');

  it('thins three years of daily snapshots to daily, weekly and monthly, idempotently', async () => {
    await seedSnapshots();
    expect(expectedKept.length).toBeLessThan(200);

    const first = await thinSnapshots(store, policy, NOW, { maxDays: 5000 });
    expect(await storedDays()).toEqual(expectedKept);
    expect(first).toEqual({
      days: allDays.length - expectedKept.length,
      rows: 2 * (allDays.length - expectedKept.length),
    });
    const [{ count }] = await knex('readiness_snapshots').count({
      count: '*',
    });
    expect(Number(count)).toBe(2 * expectedKept.length);

    // A second run the same day changes nothing.
    expect(await thinSnapshots(store, policy, NOW)).toEqual({
      days: 0,
      rows: 0,
    });
    expect(await storedDays()).toEqual(expectedKept);
  });

  // At 100,000 entities a day holds 100,000 lines; in batches inside one
  // transaction each batch walked again the index entries of the rows the
  // ones before it deleted.
  it("deletes a large day's lines in one statement", async () => {
    const day = daysBefore(TODAY, 800);
    const lines = Array.from({ length: 6000 }, (_, i) => ({
      day,
      subject_ref: `component:default/c${i}`,
      subject_kind: 'entity',
      parent_ref: team,
      title: null,
      score: 50,
      level: null,
      data: null,
    }));
    await knex.batchInsert('readiness_snapshots', lines, 500);
    const statements = await statementsOf(knex, () =>
      thinSnapshots(store, policy, NOW),
    );
    expect(await storedDays()).toEqual([]);
    expect(
      statements.filter(st =>
        /^delete from [`"]readiness_snapshots[`"]/i.test(st.sql),
      ),
    ).toHaveLength(1);
  });

  it('thins a backlog over several runs, deleting each day whole, to the same days', async () => {
    await seedSnapshots();
    let runs = 0;
    for (;;) {
      const { days } = await thinSnapshots(store, policy, NOW, {
        maxDays: 400,
      });
      if (days === 0) break;
      expect(days).toBeLessThanOrEqual(400);
      runs++;
    }
    expect(runs).toBe(3);
    expect(await storedDays()).toEqual(expectedKept);
  });

  it('keeps asOf and trends working across the tier boundaries', async () => {
    await seedSnapshots();
    await thinSnapshots(store, policy, NOW, { maxDays: 5000 });

    // Daily tier: the day itself.
    const recent = daysBefore(TODAY, 5);
    expect(await store.snapshotDayOnOrBefore(recent)).toBe(recent);
    // Weekly tier: a thinned-out Wednesday resolves to the Sunday before it.
    expect(await store.snapshotDayOnOrBefore('2026-08-26')).toBe('2026-08-23');
    expect((await store.getRollupAsOf('2026-08-23', team))!.score).toBe(
      scoreOf('2026-08-23'),
    );
    // Monthly tier: a mid-month day resolves to the end of the month before.
    expect(await store.snapshotDayOnOrBefore('2025-11-15')).toBe('2025-10-31');
    expect(
      (await store.listEntitiesAsOf('2025-10-31', team, 10, 0)).items,
    ).toEqual([
      {
        ref,
        owner: team,
        title: undefined,
        score: scoreOf('2025-10-31'),
        level: null,
      },
    ]);
    // Older than the monthly tier: nothing left.
    expect(
      await store.snapshotDayOnOrBefore(daysBefore(TODAY, 731)),
    ).toBeUndefined();

    // The trend returns whatever days are kept, each with its own score.
    const trend = await store.getSnapshots(ref, 'entity', '2000-01-01');
    expect(trend.map(s => s.day)).toEqual(expectedKept);
    expect(trend.map(s => s.score)).toEqual(expectedKept.map(scoreOf));
    const groupTrend = await store.getSnapshots(team, 'group', '2025-09-01');
    expect(groupTrend.map(s => s.day)).toEqual(
      expect.arrayContaining(['2025-09-30', '2026-08-23', recent]),
    );
  });

  it('prunes history older than historyDays in batches, and only with historyDays', async () => {
    const at = (days: number) =>
      new Date(NOW.getTime() - days * 86400000).toISOString();
    const ages = [900, 800, 700, 500, 400, 366, 364, 100, 1];
    await knex('readiness_history').insert(
      ages.map((age, i) => ({
        entity_ref: ref,
        subject: 'answer',
        subject_id: `check.${i}`,
        action: 'update',
        before: null,
        after: JSON.stringify({ value: 'yes' }),
        actor: 'user:default/jo',
        at: at(age),
      })),
    );
    expect(await pruneHistory(store, undefined, NOW)).toBe(0);
    expect(await pruneHistory(store, 365, NOW, { batchSize: 2 })).toBe(6);
    const left = await store.getHistory(ref, 100);
    expect(left.map(h => h.at)).toEqual([at(1), at(100), at(364)]);
    expect(await pruneHistory(store, 365, NOW, { batchSize: 2 })).toBe(0);
    expect(await store.historyWatermark()).toBe(left[0].id);
  });

  it('is the retention step of the full run', async () => {
    await seedSnapshots();
    await knex('readiness_history').insert({
      entity_ref: ref,
      subject: 'answer',
      subject_id: 'check.a',
      action: 'update',
      before: null,
      after: null,
      actor: 'user:default/jo',
      at: '2020-01-01T00:00:00.000Z',
    });
    // The lock rows of entities written a day or more ago are not needed.
    const dayBefore = new Date(NOW.getTime() - 24 * 3600_000);
    const lock = (key: string, ms: number) => ({
      lock_key: key,
      locked_at: new Date(dayBefore.getTime() + ms).toISOString(),
    });
    await knex('readiness_locks').insert([
      lock('component:default/gone', -1),
      lock('component:default/lately', 1),
    ]);
    await applyRetention(
      store,
      { snapshots: policy, historyDays: 365 },
      NOW,
      mockServices.logger.mock(),
    );
    expect(await knex('readiness_locks').pluck('lock_key')).toEqual([
      'component:default/lately',
    ]);
    // At most 50 days go per run, the oldest first.
    const doomed = allDays.filter(day => !expectedKept.includes(day));
    expect(await storedDays()).toEqual(
      allDays.filter(day => !doomed.slice(0, 50).includes(day)),
    );
    expect(await store.getHistory(ref, 10)).toEqual([]);
  });
});
