import { TestDatabaseId } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '../../__testUtils__/databases';
import { hoursIn, sweepSetup } from '../../__testUtils__/noticeSweep';

/*
 * The scheduler stops a sweep pass at its timeout, and another instance's
 * pass may start while the stopped one finishes what it was doing.
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Holds the first notice sent until released; the others go at once. */
function holdFirstSend(notifications: NotificationService) {
  const send = notifications.send.bind(notifications);
  let reached!: () => void;
  const reaching = new Promise<void>(resolve => (reached = resolve));
  let release!: () => void;
  const held = new Promise<void>(resolve => (release = resolve));
  jest
    .spyOn(notifications, 'send')
    .mockImplementationOnce(async request => {
      reached();
      await held;
      return send(request);
    })
    .mockImplementation(send);
  return { reached: reaching, release };
}

const setup = async (id: TestDatabaseId) =>
  sweepSetup(await databases.init(id));

describe.each(databases.eachSupportedId())(
  'sweep passes that overlap on %s',
  id => {
    // The scheduler stops a pass at its timeout and another instance's may
    // start: the stopped pass went on sending the rest of its page, which
    // the other pass sent too, and its late writes moved a notice's
    // `checked_at` back, so the other's next pass forgot a notice that
    // still held.
    it('stops sending when its pass is stopped, and a late write of a stopped pass moves nothing back', async () => {
      const t = await setup(id);
      const send = holdFirstSend(t.notifications);
      const controller = new AbortController();
      const stopped = t
        .sweepOf([], hoursIn(0), 1)
        .run({ signal: controller.signal });
      await send.reached;
      controller.abort();

      // Another instance's pass half an hour later sends everything.
      const other = await t.sweepOf([], hoursIn(0.5)).run();
      expect(other.sent).toBeGreaterThan(1);
      send.release();
      await stopped;
      // Only the notice whose send was under way when the pass stopped
      // went out twice.
      expect(t.sent.length - new Set(t.sent).size).toBeLessThanOrEqual(1);

      expect(await t.sweepOf([], hoursIn(1.5)).run()).toMatchObject({
        scored: 0,
        sent: 0,
        cleared: 0,
      });
    });

    // Stopped during its last page, the pass ended as a complete one: it
    // dropped the keys the other instance's pass had written since, put its
    // own check back on their notices and forgot with its earlier cut-off.
    it('does not end as a complete pass when stopped during its last page', async () => {
      const t = await setup(id);
      // One page: every entity's notices.
      const send = holdFirstSend(t.notifications);
      const controller = new AbortController();
      const stopped = t
        .sweepOf([], hoursIn(1))
        .run({ signal: controller.signal });
      await send.reached;
      controller.abort();
      const other = await t.sweepOf([], hoursIn(1.5)).run();
      expect(other.scored).toBe(other.entities);
      send.release();
      await stopped;

      expect(await t.sweepOf([], hoursIn(2.5)).run()).toMatchObject({
        scored: 0,
        sent: 0,
        cleared: 0,
      });
    });
  },
);
