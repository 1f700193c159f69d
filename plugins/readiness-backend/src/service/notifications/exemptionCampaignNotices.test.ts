import { createTestDatabases } from '../../__testUtils__/databases';
import {
  aliceRequestsRestoreTest,
  DAY_MS,
  daysAgo,
  organisation,
  startPortal,
} from '../../__testUtils__/noticePortal';
import { COMPUTE_TASK_ID } from '../router';
import { NOTIFICATIONS_TASK_ID } from './notificationSchedule';
import { mockCredentials } from '@backstage/backend-test-utils';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'readiness notices of exemptions and campaigns on %s',
  id => {
    it('tells approvers of an exemption request, the requester of the decision, and the owner of its end, each once', async () => {
      const knex = await databases.init(id);
      const portal = await startPortal(knex);
      await portal.run(COMPUTE_TASK_ID);
      const exemptions =
        '/api/readiness/entities/component/default/cart/exemptions';
      const endsOn = new Date(Date.now() + 10 * DAY_MS)
        .toISOString()
        .slice(0, 10);
      const requested = await aliceRequestsRestoreTest(portal, endsOn);
      await portal.run(NOTIFICATIONS_TASK_ID);
      type Inbox = Awaited<ReturnType<typeof portal.inbox>>;
      const topic = (inbox: Inbox, t: string) =>
        inbox.filter(n => n.payload.topic === `Readiness: exemption ${t}`);

      // dana is the DBA, responsible for the restore test: she may approve.
      const dana = topic(await portal.inbox('user:default/dana'), 'requested');
      expect(dana).toHaveLength(1);
      expect(dana[0].payload.link).toBe(
        '/catalog/default/component/cart/readiness?check=recoverability.restore-test',
      );
      // Not the requester.
      expect(
        topic(await portal.inbox('user:default/alice'), 'requested'),
      ).toHaveLength(0);

      await portal.api
        .post(`${exemptions}/${requested.body.exemption.id}/approve`)
        .set('Authorization', mockCredentials.user.header('user:default/dana'))
        .send({ version: 1 })
        .expect(200);
      await portal.run(NOTIFICATIONS_TASK_ID);
      await portal.run(NOTIFICATIONS_TASK_ID);
      const alice = await portal.inbox('user:default/alice');
      expect(topic(alice, 'decided').map(n => n.payload.title)).toEqual([
        'Cart: exemption of "Restore from backup tested" approved',
      ]);
      // It ends within 14 days: the owner (team-a, alice) hears of it once.
      expect(topic(alice, 'ending').map(n => n.payload.title)).toEqual([
        `Cart: exemption of "Restore from backup tested" ends on ${endsOn}`,
      ]);
      expect(
        topic(await portal.inbox('user:default/dana'), 'requested'),
      ).toHaveLength(1);
    });

    it('does not ask the requester to approve through a group holding the role', async () => {
      const knex = await databases.init(id);
      // team-a (alice and erin) are the test managers, responsible for the restore test.
      const portal = await startPortal(
        knex,
        {},
        organisation(undefined, 'group:default/team-a'),
      );
      await portal.run(COMPUTE_TASK_ID);
      await aliceRequestsRestoreTest(
        portal,
        new Date(Date.now() + 10 * DAY_MS).toISOString().slice(0, 10),
      );
      await portal.run(NOTIFICATIONS_TASK_ID);
      const requested = async (user: string) =>
        (await portal.inbox(`user:default/${user}`)).filter(
          n => n.payload.topic === 'Readiness: exemption requested',
        );
      expect(await requested('erin')).toHaveLength(1);
      expect(await requested('dana')).toHaveLength(1);
      expect(await requested('alice')).toHaveLength(0);
    });

    it('does not tell the requester of a decision older than 30 days, though the exemption is still open', async () => {
      const knex = await databases.init(id);
      const portal = await startPortal(knex);
      await portal.run(COMPUTE_TASK_ID);
      const exemptions =
        '/api/readiness/entities/component/default/cart/exemptions';
      const requested = await aliceRequestsRestoreTest(
        portal,
        new Date(Date.now() + 150 * DAY_MS).toISOString().slice(0, 10),
      );
      await portal.api
        .post(`${exemptions}/${requested.body.exemption.id}/approve`)
        .set('Authorization', mockCredentials.user.header('user:default/dana'))
        .send({ version: 1 })
        .expect(200);
      const decidedDaysAgo = (days: number) =>
        knex('readiness_exemptions').update({
          decided_at: new Date(Date.now() - days * DAY_MS).toISOString(),
        });
      const decided = async () =>
        (await portal.inbox('user:default/alice')).filter(
          n => n.payload.topic === 'Readiness: exemption decided',
        );

      // Approved 60 days ago, and no pass noticed it then (the kind was off).
      await decidedDaysAgo(60);
      await portal.run(NOTIFICATIONS_TASK_ID);
      expect(await decided()).toHaveLength(0);

      // Within the window it is told.
      await decidedDaysAgo(20);
      await portal.run(NOTIFICATIONS_TASK_ID);
      expect(await decided()).toHaveLength(1);
    });

    it('tells the owner of a campaign entity once, though it is done and then not done again', async () => {
      const knex = await databases.init(id);
      const portal = await startPortal(
        knex,
        {
          answerExpiring: { enabled: false },
          answerExpired: { enabled: false },
          roleHolderGone: { enabled: false },
          roleUnassigned: { enabled: false },
        },
        organisation(),
        {
          campaigns: [
            {
              id: 'metrics',
              title: 'Metrics everywhere',
              target: { checks: ['monitoring.metrics'] },
              startDate: daysAgo(5),
              deadline: daysAgo(-60),
            },
          ],
        },
      );
      await portal.run(COMPUTE_TASK_ID);
      await portal.run(NOTIFICATIONS_TASK_ID);
      const campaign = async () =>
        (await portal.inbox('user:default/alice')).filter(
          n => n.payload.topic === 'Readiness: campaign',
        );
      const first = await campaign();
      expect(first.map(n => n.payload.title)).toEqual([
        'Campaign started: Metrics everywhere',
      ]);
      await portal.markRead(
        'user:default/alice',
        first.map(n => n.id),
      );

      // Cart meets the target (done), a complete pass runs, then it no longer does.
      const answer = (status: string, version: number) =>
        portal.api
          .put(
            '/api/readiness/entities/component/default/cart/answers/monitoring.metrics',
          )
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
          .send({ status, version })
          .expect(200);
      await answer('met', 0);
      await portal.run(NOTIFICATIONS_TASK_ID);
      await answer('not-met', 1);
      await portal.run(NOTIFICATIONS_TASK_ID);
      const again = await campaign();
      expect(again).toHaveLength(1);
      expect(again[0].read).not.toBeNull();
    });

    it('sends nothing of a kind that is switched off, and nothing at all when notifications are off', async () => {
      const knex = await databases.init(id);
      const portal = await startPortal(knex, {
        answerExpired: { enabled: false },
        roleUnassigned: { enabled: false },
      });
      await portal.run(COMPUTE_TASK_ID);
      await portal.run(NOTIFICATIONS_TASK_ID);
      const topics = (await portal.inbox('user:default/alice'))
        .map(n => n.payload.topic)
        .sort();
      expect(topics).toEqual([
        'Readiness: answer expiring',
        'Readiness: role holder left',
      ]);

      const off = await startPortal(await databases.init(id), {
        enabled: false,
      });
      expect(off.tasks.has(NOTIFICATIONS_TASK_ID)).toBe(false);
    });
  },
);
