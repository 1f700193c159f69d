import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import {
  buildReadinessModel,
  notificationsConfigSchema,
} from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  campaignServiceOn,
  silverFromConfig,
} from '../../__testUtils__/campaigns';
import { CHECKOUT, SEARCH, sweepSetup } from '../../__testUtils__/noticeSweep';
import { NotificationSweep } from './NotificationSweep';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const setup = async (id: TestDatabaseId) =>
  sweepSetup(await databases.init(id));
const silver = silverFromConfig;

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

  it("forgets what it no longer finds although one page fails every time, and keeps that page's notices", async () => {
    const t = await setup(id);
    const sweep = t.sweepOf([], undefined, 1); // one entity a page
    const about = (ref: string) => t.sent.filter(l => l.includes(`:${ref}:`));
    await sweep.run();
    const toSearch = about(SEARCH).length;
    const toCheckout = about(CHECKOUT).length;
    expect(toSearch).toBeGreaterThan(0);
    expect(toCheckout).toBeGreaterThan(0);

    // From now on search's page cannot be evaluated; checkout leaves the
    // catalog, so its notices are no longer found.
    const exemptions = t.store.getNoticeExemptions.bind(t.store);
    const failing = jest
      .spyOn(t.store, 'getNoticeExemptions')
      .mockImplementation(async (refs, since) => {
        if (refs.includes(SEARCH)) throw new Error('cannot evaluate search');
        return exemptions(refs, since);
      });
    const checkout = t.entities.find(e => e.metadata.name === 'checkout')!;
    t.edit.remove('Component', 'checkout');
    await t.runFull();
    expect(await t.keyed()).toContain(CHECKOUT);
    const failed = await sweep.run();
    expect(failed.cleared).toBe(toCheckout);
    // Neither the entity gone nor the one that could not be evaluated
    // keeps a key: the table holds the entities the sweep sees.
    const keyed = await t.keyed();
    expect(keyed).not.toContain(CHECKOUT);
    expect(keyed).not.toContain(SEARCH);
    expect(keyed.length).toBeGreaterThan(0);

    // Checkout comes back with the same conditions: it is told again.
    // Search's page recovers: what it was told before is not sent twice.
    t.edit.add(checkout);
    await t.runFull();
    failing.mockRestore();
    await sweep.run();
    expect(about(CHECKOUT)).toHaveLength(2 * toCheckout);
    expect(about(SEARCH)).toHaveLength(toSearch);
  });

  // Each page of 100 entities read every campaign again: 1,000 reads a
  // pass at 100,000 entities.
  it('reads the campaigns once a pass, and a pass that cannot read them sends and forgets nothing', async () => {
    const t = await setup(id);
    await campaignServiceOn(t.store, { fromConfig: [silver] }).recomputeAll();
    const campaigns = jest.fn(async () => [silver]);
    const sweep = (pageSize: number) =>
      new NotificationSweep({
        pageSize,
        ...t.deps,
        model: buildReadinessModel(),
        config: notificationsConfigSchema.parse({}),
        notifications: t.notifications,
        logger: mockServices.logger.mock(),
        campaigns,
      });
    const first = await sweep(1).run();
    expect(first.entities).toBeGreaterThan(3);
    expect(campaigns).toHaveBeenCalledTimes(1);
    expect(t.sent.some(line => line.includes('Campaign started'))).toBe(true);

    const told = t.sent.length;
    campaigns.mockRejectedValueOnce(new Error('the database is away'));
    expect(await sweep(1).run()).toEqual({
      entities: 0,
      scored: 0,
      sent: 0,
      failed: 0,
      cleared: 0,
    });
    // What was told stays known: the next pass tells nothing again.
    expect((await sweep(1).run()).sent).toBe(0);
    expect(t.sent).toHaveLength(told);
  });

  it("does not tell a campaign's owners again after an instance without the campaign swept, during a rolling deploy", async () => {
    const t = await setup(id);
    await campaignServiceOn(t.store, { fromConfig: [silver] }).recomputeAll();
    const at = (hours: number) =>
      new Date(Date.parse('2026-12-02T12:00:00Z') + hours * 3_600_000);
    const started = () =>
      t.sent.filter(line => line.includes('Campaign started: Silver'));

    await t.sweepOf([silver], at(0)).run();
    const told = started().length;
    expect(told).toBeGreaterThan(0);
    // An instance still on the configuration before the campaign sweeps
    // (a complete pass); then the new one again.
    await t.sweepOf([], at(1)).run();
    await t.sweepOf([silver], at(2)).run();
    expect(started()).toHaveLength(told);

    // A campaign that no instance has had for a day is forgotten: put back
    // later, it starts again.
    await t.sweepOf([], at(3)).run();
    await t.sweepOf([], at(28)).run();
    await t.sweepOf([silver], at(29)).run();
    expect(started()).toHaveLength(2 * told);
  });

  it('compares a level with the last complete day, or with a later line of an entity written since', async () => {
    const t = await setup(id);
    const day = (ago: number) =>
      new Date(Date.now() - ago * 24 * 60 * 60 * 1000)
        .toISOString()
        .slice(0, 10);
    const line = (level: string | null) => [
      { ref: SEARCH, owner: 'group:default/team-b', score: 50, level },
    ];
    // Three days ago, complete: below every level, as now. Yesterday, a
    // day without a full run, a write left search at gold.
    await t.store.transaction(async tx => {
      await t.store.putSnapshots(tx, day(3), line(null), []);
      await t.store.putSnapshots(tx, day(1), line('gold'), []);
    });
    await t.store.markSnapshotDayComplete(day(3));
    await t.sweep.run();
    expect(
      t.sent.filter(l => l.startsWith(`readiness:${SEARCH}:level `)),
    ).toHaveLength(1);
  });
});
