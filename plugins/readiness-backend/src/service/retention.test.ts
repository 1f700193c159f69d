import { Knex } from 'knex';
import { Rollup } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { daysBefore } from '../database/snapshotRetention';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const team = 'group:default/team-a';

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

const lastDayOfMonth = (day: string) => {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * The full run thins the snapshots and prunes the history as configured, and
 * the routes read across the tier boundaries. Days are relative to the real
 * today, because the routes' `days` window is.
 */
describe.each(databases.eachSupportedId())(
  'retention in the full run on %s',
  id => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(id);
    });

    it('thins snapshots to daily, weekly and monthly and prunes history', async () => {
      const { api } = await startBackend({
        knex,
        config: {
          readiness: {
            retention: {
              snapshots: { dailyDays: 30, weeklyDays: 180, monthlyDays: 730 },
              historyDays: 365,
            },
          },
        },
      });
      const today = new Date().toISOString().slice(0, 10);
      // A whole ISO week 60–66 days old (weekly tier), ending on `sunday`.
      const sixtyAgo = daysBefore(today, 60);
      const sunday = daysBefore(
        sixtyAgo,
        new Date(`${sixtyAgo}T00:00:00Z`).getUTCDay(),
      );
      const week = Array.from({ length: 7 }, (_, i) =>
        daysBefore(sunday, 6 - i),
      );
      // Two months about 400 days old (monthly tier).
      const earlier = lastDayOfMonth(daysBefore(today, 460));
      const month = daysBefore(today, 400).slice(0, 7);
      const monthDays = [
        `${month}-01`,
        `${month}-15`,
        lastDayOfMonth(`${month}-01`),
      ];
      const seeded = [
        daysBefore(today, 800), // past the monthly tier
        earlier,
        ...monthDays,
        ...week,
        daysBefore(today, 10),
        daysBefore(today, 2),
      ];
      await knex.batchInsert(
        'readiness_snapshots',
        seeded.map((day, i) => ({
          day,
          subject_ref: team,
          subject_kind: 'group',
          parent_ref: null,
          title: null,
          score: i,
          level: null,
          data: JSON.stringify(rollup(i)),
        })),
        100,
      );
      const at = (days: number) =>
        new Date(Date.now() - days * 86400000).toISOString();
      await knex('readiness_history').insert({
        entity_ref: 'component:default/cart',
        subject: 'answer',
        subject_id: 'scalability.sizing',
        action: 'create',
        before: null,
        after: null,
        actor: 'user:default/alice',
        at: at(400),
      });
      await api
        .put(`${cart}/answers/scalability.sizing`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);

      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

      const kept = [
        earlier,
        monthDays[2],
        sunday,
        daysBefore(today, 10),
        daysBefore(today, 2),
        today,
      ];
      const detail = await api
        .get(`${base}/rollups/group/default/team-a?days=1000`)
        .set('Authorization', bob)
        .expect(200);
      expect(detail.body.trend.map((s: any) => s.day)).toEqual(kept);

      // asOf on a thinned-out day resolves to the kept day before it.
      const weekly = await api
        .get(
          `${base}/rollups/group/default/team-a?asOf=${daysBefore(sunday, -3)}`,
        )
        .set('Authorization', bob)
        .expect(200);
      expect(weekly.body.asOf).toBe(sunday);
      const thinnedWeekday = await api
        .get(`${base}/rollups?by=group&asOf=${week[3]}`)
        .set('Authorization', bob)
        .expect(200);
      expect(thinnedWeekday.body.asOf).toBe(monthDays[2]);
      const monthly = await api
        .get(`${base}/rollups/group/default/team-a?asOf=${monthDays[1]}`)
        .set('Authorization', bob)
        .expect(200);
      expect(monthly.body.asOf).toBe(earlier);
      expect(monthly.body.rollup.score).toBe(1);

      // A second run the same day keeps the same days.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const again = await api
        .get(`${base}/rollups/group/default/team-a?days=1000`)
        .set('Authorization', bob)
        .expect(200);
      expect(again.body.trend.map((s: any) => s.day)).toEqual(kept);

      // History older than historyDays is gone; the recent change stays.
      const history = await api
        .get(`${cart}/history`)
        .set('Authorization', bob)
        .expect(200);
      expect(history.body.changes).toHaveLength(1);
      expect(history.body.changes[0].actor).toBe('user:default/alice');
      expect(Date.parse(history.body.changes[0].at)).toBeGreaterThan(
        Date.now() - 86400000,
      );
    });
  },
);
