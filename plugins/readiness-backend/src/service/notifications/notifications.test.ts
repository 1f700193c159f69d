import { createTestDatabases } from '../../__testUtils__/databases';
import {
  cartWasGoldYesterday,
  DAY_MS,
  organisation,
  startPortal,
} from '../../__testUtils__/noticePortal';
import { COMPUTE_TASK_ID } from '../router';
import { NOTIFICATIONS_TASK_ID } from './notificationSchedule';
import { mockCredentials } from '@backstage/backend-test-utils';

jest.setTimeout(120_000);

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
});
