import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { smallOrg } from '../__testUtils__/entities';
import { READINESS_MIGRATIONS } from './migrations';
import { daysBefore, thinSnapshots } from './snapshotRetention';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261222000000_snapshot_days.js';
const TEAM_B = 'group:default/team-b';
const today = () => new Date().toISOString().slice(0, 10);
const completeDays = (knex: Awaited<ReturnType<typeof databases.init>>) =>
  knex('readiness_snapshot_days').orderBy('day').pluck('day');

/*
 * A day's snapshot holds every entity and rollup only when a full run ran
 * that day. On a day without one (a weekday-only schedule, or runs that all
 * failed) a write snapshots only its entity and the rollups it moves: `asOf`
 * and thinning stand on the days a full run wrote whole.
 */
describe.each(databases.eachSupportedId())('snapshot days, on %s', id => {
  it('a full run marks its day complete; asOf a day with only a write stands on the last complete day', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const entities = smallOrg();
    let clock = new Date(`${daysBefore(today(), 2)}T12:00:00Z`);
    const computation = testComputation({
      store,
      catalog: catalogServiceMock({ entities }),
      now: () => clock,
    });
    await computation.runFull();
    const ran = daysBefore(today(), 2);
    expect(await completeDays(knex)).toEqual([ran]);

    // Today, before any full run: a write to team-a's cart.
    const cart = entities.find(e => e.metadata.name === 'cart') as Entity;
    await computation.recompute(cart, tx =>
      store.putAnswer(
        tx,
        'component:default/cart',
        'scalability.sizing',
        { status: 'met' },
        'user:default/alice',
        0,
      ),
    );
    expect(
      await knex('readiness_snapshots')
        .where({ day: today() })
        .pluck('subject_ref'),
    ).not.toContain(TEAM_B);
    expect(await store.snapshotDayOnOrBefore(today())).toBe(ran);
    expect(await store.getRollupAsOf(ran, TEAM_B)).toBeDefined();

    // Today's first full run completes today.
    clock = new Date();
    await computation.runFull();
    expect(await completeDays(knex)).toEqual([ran, today()]);
    // Had an instance of an earlier release run it (marking nothing), the
    // day's next run marks it.
    await knex('readiness_snapshot_days').where({ day: today() }).delete();
    await computation.runFull();
    expect(await completeDays(knex)).toEqual([ran, today()]);
    expect(await store.snapshotDayOnOrBefore(today())).toBe(today());
    expect(await store.getRollupAsOf(today(), TEAM_B)).toBeDefined();
  });

  it('thinning keeps the complete day of a week and forgets the days it deletes', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const TODAY = '2026-12-01';
    const line = (day: string) => ({
      day,
      subject_ref: TEAM_B,
      subject_kind: 'group',
      parent_ref: null,
      title: null,
      score: 50,
      level: null,
      data: '{}',
    });
    // A week in the weekly tier: Monday to Friday complete, a write on Sunday.
    const week = ['2026-10-05', '2026-10-06', '2026-10-09', '2026-10-11'];
    await knex('readiness_snapshots').insert(week.map(line));
    for (const day of week.slice(0, 3))
      await store.markSnapshotDayComplete(day);

    await thinSnapshots(
      store,
      { dailyDays: 7, weeklyDays: 90, monthlyDays: 365 },
      new Date(`${TODAY}T12:00:00Z`),
    );
    expect(await store.listSnapshotDaysBefore(TODAY)).toEqual(['2026-10-09']);
    expect(await completeDays(knex)).toEqual(['2026-10-09']);
    expect(await store.snapshotDayOnOrBefore('2026-10-20')).toBe('2026-10-09');
  });

  it('the migration takes the days stored before it as complete', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest(READINESS_MIGRATIONS);
    await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
    const days = ['2026-11-01', '2026-11-02', '2026-11-30'];
    await knex('readiness_snapshots').insert(
      days.flatMap(day =>
        ['group:default/a', 'group:default/b'].map(ref => ({
          day,
          subject_ref: ref,
          subject_kind: 'group',
        })),
      ),
    );
    await knex.migrate.latest(READINESS_MIGRATIONS);
    expect(await completeDays(knex)).toEqual(days);
    await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
    expect(await knex.schema.hasTable('readiness_snapshot_days')).toBe(false);
  });
});
