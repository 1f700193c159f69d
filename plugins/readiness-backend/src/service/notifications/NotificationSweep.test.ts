import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  buildReadinessModel,
  notificationsConfigSchema,
} from '@prodready/plugin-readiness-common';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../../__testUtils__/computation';
import { createTestDatabases } from '../../__testUtils__/databases';
import { editableCatalog } from '../../__testUtils__/editableCatalog';
import { smallOrg } from '../../__testUtils__/entities';
import { NotificationSweep } from './NotificationSweep';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * smallOrg scored, and a sweep over it whose notices are written down as
 * they go out (the portal tests send them through the real notifications
 * backend).
 */
async function setup(id: TestDatabaseId) {
  const store = await storeOn(await databases.init(id));
  const { catalog } = editableCatalog(smallOrg());
  const deps = {
    engine: defaultEngine(),
    store,
    catalog,
    auth: mockServices.auth(),
  };
  await testComputation(deps).runFull();
  const sent: string[] = [];
  const notifications = {
    send: async ({ payload }) => {
      sent.push(`${payload.scope} ${payload.title}`);
    },
  } as NotificationService;
  const sweep = new NotificationSweep({
    ...deps,
    model: buildReadinessModel(),
    config: notificationsConfigSchema.parse({}),
    notifications,
    logger: mockServices.logger.mock(),
  });
  return { store, sweep, sent };
}

describe.each(databases.eachSupportedId())('the notices sweep on %s', id => {
  it('sends again only the notice whose record failed, not those sent before it', async () => {
    const t = await setup(id);
    const record = t.store.markNoticesCurrent.bind(t.store);
    let failed = false;
    jest
      .spyOn(t.store, 'markNoticesCurrent')
      .mockImplementation(async (keys, at) => {
        // The database goes away once two notices went out.
        if (!failed && keys.length > 0 && t.sent.length >= 2) {
          failed = true;
          throw new Error('Connection terminated unexpectedly');
        }
        return record(keys, at);
      });

    const first = await t.sweep.run();
    expect(failed).toBe(true);
    const second = await t.sweep.run();
    expect(second.failed).toBe(0);

    // Every notice went out, none more than once but the one whose record
    // was lost.
    const once = new Set(t.sent);
    expect(once.size).toBeGreaterThan(3);
    expect(t.sent.length - once.size).toBeLessThanOrEqual(1);
    expect(first.sent + second.sent).toBe(t.sent.length);
    // A third pass sends nothing.
    expect((await t.sweep.run()).sent).toBe(0);
  });
});
