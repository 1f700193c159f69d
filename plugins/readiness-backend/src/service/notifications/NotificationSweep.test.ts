import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  buildReadinessModel,
  Campaign,
  notificationsConfigSchema,
} from '@prodready/plugin-readiness-common';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../../__testUtils__/computation';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  campaignServiceOn,
  silverFromConfig,
} from '../../__testUtils__/campaigns';
import {
  editableCatalog,
  meetRunbooks,
} from '../../__testUtils__/editableCatalog';
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
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const entities = smallOrg();
  const edit = editableCatalog(entities);
  const { catalog } = edit;
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
  /** A sweep of an instance with these app-config campaigns, at `now`. */
  const sweepOf = (campaigns: Campaign[] = [], now?: Date, pageSize?: number) =>
    new NotificationSweep({
      pageSize,
      ...deps,
      model: buildReadinessModel(),
      config: notificationsConfigSchema.parse({}),
      notifications,
      logger: mockServices.logger.mock(),
      campaigns: async () => campaigns,
      now: now && (() => now),
    });
  const runFull = () => testComputation(deps).runFull();
  /** Notices recorded as sent and still holding. */
  const recorded = async () =>
    Number((await knex('readiness_notices_sent').count({ n: '*' }).first())?.n);
  /** The entities whose last complete evaluation's key is kept. */
  const keyed = async () =>
    (await knex('readiness_notice_evaluations').select('entity_ref'))
      .map(row => row.entity_ref)
      .sort();
  return {
    store,
    recorded,
    keyed,
    deps,
    notifications,
    sweep: sweepOf(),
    sweepOf,
    sent,
    entities,
    edit,
    runFull,
  };
}

const silver = silverFromConfig;
const SEARCH = 'component:default/search';
const CHECKOUT = 'component:default/checkout';
/** Hours after a morning, in one UTC day up to 15. */
const hoursIn = (hours: number) =>
  new Date(Date.parse('2026-12-02T08:00:00Z') + hours * 3_600_000);

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
    await t.sweepOf([], at(27)).run();
    await t.sweepOf([silver], at(28)).run();
    expect(started()).toHaveLength(2 * told);
  });

  // Every pass read and scored every entity again: at 100,000 entities the
  // hourly sweep cost more than the full runs.
  it('reads and scores again only the entities whose notices may have changed since their last complete evaluation', async () => {
    const t = await setup(id);
    const first = await t.sweepOf([], hoursIn(0)).run();
    expect(first.entities).toBeGreaterThan(3);
    expect(first.scored).toBe(first.entities);
    expect(first.sent).toBeGreaterThan(0);
    const recorded = await t.recorded();

    // An hour later nothing changed: nothing is read from the catalog,
    // scored, sent or forgotten.
    const catalogCalls = { ...t.edit.state.calls };
    expect(await t.sweepOf([], hoursIn(1)).run()).toEqual({
      entities: first.entities,
      scored: 0,
      sent: 0,
      failed: 0,
      cleared: 0,
    });
    expect(t.edit.state.calls).toEqual(catalogCalls);
    expect(await t.recorded()).toBe(recorded);

    // Search's runbooks are answered in the catalog and a full run stores
    // its scorecard: search alone is scored again.
    t.edit.edit('Component', 'search', meetRunbooks);
    await t.runFull();
    expect((await t.sweepOf([], hoursIn(2)).run()).scored).toBe(1);

    // An exemption is asked for checkout's runbooks (its scorecard stays
    // as it is): checkout alone is evaluated again.
    await t.store.transaction(tx =>
      t.store.requestExemption(
        tx,
        CHECKOUT,
        {
          checkId: 'support.runbooks',
          reasonCode: 'planned-remediation',
          reasonText: 'Runbooks are being written',
          endsOn: '2027-02-01',
        },
        'user:default/alice',
      ),
    );
    const told = t.sent.length;
    const asked = await t.sweepOf([], hoursIn(3)).run();
    expect(asked.scored).toBe(1);
    expect(t.sent.slice(told).every(line => line.includes(CHECKOUT))).toBe(
      true,
    );

    // The next day every entity is evaluated again: answers expire,
    // campaigns end and levels are compared by the day.
    const nextDay = await t.sweepOf([], hoursIn(24)).run();
    expect(nextDay.scored).toBe(first.entities);
    expect(await t.sweepOf([], hoursIn(25)).run()).toMatchObject({
      scored: 0,
      sent: 0,
      cleared: 0,
    });
  });

  it('evaluates again an entity one of whose notices could not be sent, until it went out', async () => {
    const t = await setup(id);
    jest
      .spyOn(t.notifications, 'send')
      .mockRejectedValueOnce(new Error('the notifications backend is away'));
    const first = await t.sweepOf([], hoursIn(0)).run();
    expect(first.failed).toBe(1);

    const second = await t.sweepOf([], hoursIn(1)).run();
    expect(second).toMatchObject({ scored: 1, sent: 1, failed: 0 });
    expect(new Set(t.sent).size).toBe(t.sent.length);
    expect(await t.sweepOf([], hoursIn(2)).run()).toMatchObject({
      scored: 0,
      sent: 0,
    });
  });

  it('forgets in time a campaign notice that its last evaluation no longer found, though it keeps the entity', async () => {
    const t = await setup(id);
    await campaignServiceOn(t.store, { fromConfig: [silver] }).recomputeAll();
    const started = () =>
      t.sent.filter(line => line.includes('Campaign started: Silver'));
    await t.sweepOf([silver], hoursIn(0)).run();
    const told = started().length;
    expect(told).toBeGreaterThan(0);

    // The campaign leaves the configuration: the next pass no longer finds
    // its notices, and the passes after it keep its entities as they are.
    await t.sweepOf([], hoursIn(1)).run();
    expect((await t.sweepOf([], hoursIn(2)).run()).scored).toBe(0);
    // A day after they were last found they are forgotten, and a campaign
    // put back starts again.
    expect((await t.sweepOf([], hoursIn(25)).run()).cleared).toBe(told);
    await t.sweepOf([silver], hoursIn(26)).run();
    expect(started()).toHaveLength(2 * told);
  });

  it('forgets what an entity no longer calls for when its new evaluation could not send everything', async () => {
    const t = await setup(id);
    await t.sweepOf([], hoursIn(0)).run();
    const unassigned = t.sent.find(
      line => line.includes(`${SEARCH}:role:`) && line.includes(' has no '),
    );
    expect(unassigned).toBeDefined();
    const roleId = unassigned!.split(' ')[0].split(':role:')[1];

    // The role is given to someone the catalog does not have: no longer
    // unassigned, its holder gone, which cannot be told this hour.
    const search = t.entities.find(e => e.metadata.name === 'search')!;
    await testComputation(t.deps).recompute(search, tx =>
      t.store.putRole(
        tx,
        SEARCH,
        roleId,
        ['user:default/nobody'],
        'user:default/alice',
        0,
      ),
    );
    jest
      .spyOn(t.notifications, 'send')
      .mockRejectedValue(new Error('the notifications backend is away'));
    const away = await t.sweepOf([], hoursIn(1)).run();
    expect(away).toMatchObject({ scored: 1, failed: 1, cleared: 1 });

    jest.mocked(t.notifications.send).mockRestore();
    expect(await t.sweepOf([], hoursIn(2)).run()).toMatchObject({
      scored: 1,
      sent: 1,
    });
  });

  it('evaluates an entity again when one of its answers expires during the day, though nothing else changed', async () => {
    const t = await setup(id);
    const search = t.entities.find(e => e.metadata.name === 'search')!;
    // Answered in the portal now: it expires at this time of day, 90 days on.
    const { result: answer } = await testComputation(t.deps).recompute(
      search,
      tx =>
        t.store.putAnswer(
          tx,
          SEARCH,
          'recoverability.restore-test',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
    );
    const expires = Date.parse(answer.answeredAt!) + 90 * 86_400_000;
    const dayStart = Math.floor(expires / 86_400_000) * 86_400_000;
    const before = new Date((dayStart + expires) / 2);
    const after = new Date(
      expires + Math.min(60_000, (dayStart + 86_400_000 - expires) / 2),
    );

    await t.sweepOf([], before).run();
    expect(t.sent).toContainEqual(
      expect.stringMatching(/check:recoverability\.restore-test .* expires on/),
    );
    // The same day, once it has expired: search alone is evaluated again.
    const expired = await t.sweepOf([], after).run();
    expect(expired.scored).toBe(1);
    expect(t.sent).toContainEqual(
      expect.stringMatching(/check:recoverability\.restore-test .* expired on/),
    );
  });
});
