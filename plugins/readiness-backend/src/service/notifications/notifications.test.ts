import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseReadinessStore } from '../../database/DatabaseReadinessStore';
import { createTestDatabases } from '../../__testUtils__/databases';
import { withRelations } from '../../__testUtils__/entities';
import { readinessPlugin } from '../../plugin';
import { COMPUTE_TASK_ID } from '../router';
import { NOTIFICATIONS_TASK_ID } from './notificationSchedule';

jest.setTimeout(120_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) =>
  new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

const CART = 'component:default/cart';

/**
 * team-a (alice) owns cart, in production. Its backups answer (a year's
 * validity, the DBA and the data controller responsible) was given 355
 * days ago, so it expires in 10 days; its access review (90 days) 100 days
 * ago, so it has expired. dana is its DBA, its CTO has left the catalog,
 * and nobody is its security contact.
 */
function organisation(
  ctoHolders = 'user:default/ghost',
  testManagers?: string,
): Entity[] {
  const user = (name: string, memberOf: string[] = []): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
  });
  return withRelations([
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    user('alice', ['team-a']),
    user('dana'),
    ...(testManagers ? [user('erin', ['team-a'])] : []),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'cart',
        namespace: 'default',
        title: 'Cart',
        etag: 'cart-1',
        annotations: {
          'prodready.dev/check.recoverability.backups': `met; date=${daysAgo(
            355,
          )}`,
          'prodready.dev/check.security.access-review': `met; date=${daysAgo(
            100,
          )}`,
          'prodready.dev/role.dba': 'user:default/dana',
          'prodready.dev/role.cto': ctoHolders,
          ...(testManagers && {
            'prodready.dev/role.test-manager': testManagers,
          }),
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    },
  ]);
}

/** Only the roles the scenario is about are required. */
const REQUIRED = ['cto', 'security'];
const OTHER_ROLES = [
  'architect',
  'product-manager',
  'developer',
  'devops-lead',
  'dba',
  'sysadmin',
  'change-manager',
  'test-manager',
  'problem-manager',
  'data-controller',
];

function config(
  notifications: JsonObject = {},
  readiness: JsonObject = {},
): JsonObject {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    readiness: {
      ...readiness,
      roles: {
        overrides: Object.fromEntries([
          ...OTHER_ROLES.map(id => [id, { required: false }]),
          ...REQUIRED.map(id => [id, { required: true }]),
        ]),
      },
      notifications,
    },
  };
}

/**
 * The readiness and notifications backends on one database, with a
 * scheduler that runs a task only when the test says so.
 */
async function startPortal(
  knex: Knex,
  notifications: JsonObject = {},
  entities = organisation(),
  readiness: JsonObject = {},
) {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const keep = async (task: SchedulerServiceTaskInvocationDefinition) => {
    tasks.set(task.id, task);
  };
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: keep,
    // The notifications backend schedules its cleaner this way.
    createScheduledTaskRunner: () => ({ run: keep }),
  });
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      notificationsPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: config(notifications, readiness),
      }),
      scheduler.factory,
    ],
  });
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`task ${id} is not scheduled`);
    await task.fn(new AbortController().signal as any);
  };
  const api = request(server);
  return {
    api,
    run,
    tasks,
    /** The notifications of a user, as the bell reads them. */
    inbox: async (user: string) => {
      const res = await api
        .get('/api/notifications/notifications?limit=100')
        .set('Authorization', mockCredentials.user.header(user))
        .expect(200);
      return res.body.notifications as {
        id: string;
        read: string | null;
        payload: {
          title: string;
          link: string;
          topic: string;
          scope: string;
          severity: string;
        };
      }[];
    },
    markRead: (user: string, ids: string[]) =>
      api
        .post('/api/notifications/notifications/update')
        .set('Authorization', mockCredentials.user.header(user))
        .send({ ids, read: true })
        .expect(200),
  };
}

/** Alice asks to waive cart's restore test until `endsOn`. */
function aliceRequestsRestoreTest(
  portal: Awaited<ReturnType<typeof startPortal>>,
  endsOn: string,
) {
  return portal.api
    .post('/api/readiness/entities/component/default/cart/exemptions')
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send({
      checkId: 'recoverability.restore-test',
      reasonCode: 'planned-remediation',
      reasonText: 'Drill booked',
      endsOn,
    })
    .expect(201);
}

/** Yesterday cart was Gold, as the daily snapshot shows. */
async function cartWasGoldYesterday(knex: Knex) {
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  await store.transaction(tx =>
    store.putSnapshots(
      tx,
      daysAgo(1),
      [{ ref: CART, owner: 'group:default/team-a', score: 95, level: 'gold' }],
      [],
    ),
  );
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('readiness notices on %s', id => {
  it('sends each notice once, to the owner and the responsible role holders, linking to the check', async () => {
    const knex = await databases.init(id);
    const portal = await startPortal(knex);
    await portal.run(COMPUTE_TASK_ID);
    await cartWasGoldYesterday(knex);
    await portal.run(NOTIFICATIONS_TASK_ID);

    const alice = await portal.inbox('user:default/alice');
    const byTopic = new Map(alice.map(n => [n.payload.topic, n.payload]));
    expect([...byTopic.keys()].sort()).toEqual([
      'Readiness: answer expired',
      'Readiness: answer expiring',
      'Readiness: level dropped',
      'Readiness: role holder left',
      'Readiness: role unassigned',
    ]);

    const expiring = byTopic.get('Readiness: answer expiring')!;
    expect(expiring.title).toContain('Cart');
    expect(expiring.title).toContain(
      new Date(Date.now() + 10 * DAY_MS).toISOString().slice(0, 10),
    );
    expect(expiring.link).toBe(
      '/catalog/default/component/cart/readiness?check=recoverability.backups',
    );
    expect(byTopic.get('Readiness: answer expired')!.link).toBe(
      '/catalog/default/component/cart/readiness?check=security.access-review',
    );
    expect(byTopic.get('Readiness: answer expired')!.severity).toBe('high');

    // Gold yesterday, below Bronze now, and in production: below the gate.
    const drop = byTopic.get('Readiness: level dropped')!;
    expect(drop.title).toMatch(/production/);
    expect(drop.severity).toBe('high');
    expect(drop.link).toBe('/catalog/default/component/cart/readiness');

    expect(byTopic.get('Readiness: role holder left')!.title).toContain(
      'user:default/ghost',
    );
    expect(byTopic.get('Readiness: role unassigned')!.title).toMatch(
      /Security/,
    );

    // The DBA hears about the backups check (the role is responsible for
    // it), not about the others.
    const dana = await portal.inbox('user:default/dana');
    expect(dana.map(n => n.payload.link)).toEqual([
      '/catalog/default/component/cart/readiness?check=recoverability.backups',
    ]);

    // Running again sends nothing: what alice has read stays read.
    await portal.markRead(
      'user:default/alice',
      alice.map(n => n.id),
    );
    await portal.run(NOTIFICATIONS_TASK_ID);
    const again = await portal.inbox('user:default/alice');
    expect(again).toHaveLength(5);
    expect(again.every(n => n.read !== null)).toBe(true);
    expect(await portal.inbox('user:default/dana')).toHaveLength(1);
  });

  it('sends a role-holder-left notice once, however long the list of holders who left', async () => {
    const departed = Array.from(
      { length: 12 },
      (_, i) => `user:default/departed.engineer-${i + 1}`,
    );
    const knex = await databases.init(id);
    const portal = await startPortal(
      knex,
      {
        answerExpiring: { enabled: false },
        answerExpired: { enabled: false },
        roleUnassigned: { enabled: false },
        levelDrop: { enabled: false },
      },
      organisation(departed.join(', ')),
    );
    await portal.run(COMPUTE_TASK_ID);
    await portal.run(NOTIFICATIONS_TASK_ID);
    const alice = await portal.inbox('user:default/alice');
    expect(alice.map(n => n.payload.topic)).toEqual([
      'Readiness: role holder left',
    ]);
    expect(alice[0].payload.title).toContain('departed.engineer-1');

    // Read, and not sent again: it stays read.
    await portal.markRead(
      'user:default/alice',
      alice.map(n => n.id),
    );
    await portal.run(NOTIFICATIONS_TASK_ID);
    const again = await portal.inbox('user:default/alice');
    expect(again).toHaveLength(1);
    expect(again[0].read).not.toBeNull();
  });

  it('sends a notice again when its condition cleared and came back', async () => {
    const knex = await databases.init(id);
    const portal = await startPortal(knex, {
      answerExpiring: { enabled: false },
      answerExpired: { enabled: false },
      roleHolderGone: { enabled: false },
    });
    await portal.run(COMPUTE_TASK_ID);
    await portal.run(NOTIFICATIONS_TASK_ID);
    const first = await portal.inbox('user:default/alice');
    expect(first.map(n => n.payload.topic)).toEqual([
      'Readiness: role unassigned',
    ]);
    await portal.markRead(
      'user:default/alice',
      first.map(n => n.id),
    );

    // Alice takes the security role: the condition clears.
    const role =
      '/api/readiness/entities/component/default/cart/roles/security';
    const put = await portal.api
      .put(role)
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ holders: ['user:default/alice'], version: 0 })
      .expect(200);
    await portal.run(NOTIFICATIONS_TASK_ID);
    expect((await portal.inbox('user:default/alice'))[0].read).not.toBeNull();

    // And leaves it: nobody holds it again, and alice hears of it again.
    await portal.api
      .delete(role)
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ version: put.body.role.version })
      .expect(200);
    await portal.run(NOTIFICATIONS_TASK_ID);
    const again = await portal.inbox('user:default/alice');
    expect(again).toHaveLength(1);
    expect(again[0].read).toBeNull();
  });

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
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
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
});
