import { TestDatabaseId } from '@backstage/backend-test-utils';
import { testComputation } from '../../__testUtils__/computation';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  campaignServiceOn,
  silverFromConfig,
} from '../../__testUtils__/campaigns';
import { meetRunbooks } from '../../__testUtils__/editableCatalog';
import { statementsOf } from '../../__testUtils__/statements';
import {
  CHECKOUT,
  hoursIn,
  SEARCH,
  sweepSetup,
} from '../../__testUtils__/noticeSweep';

/*
 * The sweep evaluates again only the entities whose notices may have
 * changed since their last complete evaluation (see evaluationKeys.ts).
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();

const setup = async (id: TestDatabaseId) =>
  sweepSetup(await databases.init(id));
const silver = silverFromConfig;

/** Silver's progress computed and its start told by a pass at hour 0. */
async function silverStarted(id: TestDatabaseId) {
  const t = await setup(id);
  await campaignServiceOn(t.store, { fromConfig: [silver] }).recomputeAll();
  const started = () =>
    t.sent.filter(line => line.includes('Campaign started: Silver'));
  await t.sweepOf([silver], hoursIn(0)).run();
  const told = started().length;
  expect(told).toBeGreaterThan(0);
  return { t, started, told };
}

describe.each(databases.eachSupportedId())(
  'the notices sweep keys on %s',
  id => {
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
      const { t, started, told } = await silverStarted(id);

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

    // Nearly every notice is older than its kind's cut-off, as an entity
    // kept is not written: each statement read them all, once for the kinds
    // forgotten at once and once for the campaigns' kept a day.
    it('forgets the notices of every kind in one statement, each kind after its time', async () => {
      const t = await setup(id);
      await campaignServiceOn(t.store, { fromConfig: [silver] }).recomputeAll();
      await t.sweepOf([silver], hoursIn(0)).run();
      const notices = async () =>
        (
          await t
            .knex('readiness_notices_sent')
            .select('kind', 'scope', 'entity_ref')
        )
          .map(row => `${row.entity_ref} ${row.kind} ${row.scope}`)
          .sort();
      const isCampaign = (notice: string) =>
        notice.split(' ')[1].startsWith('campaign-');
      const gone = (notice: string) => notice.startsWith(`${SEARCH} `);
      const before = await notices();
      expect(before.filter(isCampaign).length).toBeGreaterThan(0);
      expect(
        before.filter(n => gone(n) && !isCampaign(n)).length,
      ).toBeGreaterThan(0);

      // The campaign leaves the configuration and search the catalog.
      t.edit.remove('Component', 'search');
      await t.runFull();
      const forgetting = async (now: Date) =>
        (await statementsOf(t.knex, () => t.sweepOf([], now).run())).filter(
          statement =>
            /^delete from .readiness_notices_sent./i.test(statement.sql),
        );
      // Search's notices go at once; the campaign's are kept a day.
      expect(await forgetting(hoursIn(1))).toHaveLength(1);
      expect(await notices()).toEqual(
        before.filter(n => isCampaign(n) || !gone(n)),
      );
      expect(await forgetting(hoursIn(25))).toHaveLength(1);
      expect(await notices()).toEqual(
        before.filter(n => !isCampaign(n) && !gone(n)),
      );
    });

    // A kept entity's notices are not written, so the day a campaign's
    // notice is kept unfound ran from the entity's last evaluation, not
    // from when the campaign left: it was forgotten after 13 hours and sent
    // again when the campaign came back.
    it('keeps a campaign notice a day from the evaluation that no longer found it, however long its entity was kept before', async () => {
      const { t, started, told } = await silverStarted(id);
      expect((await t.sweepOf([silver], hoursIn(10)).run()).scored).toBe(0);

      // The campaign leaves the configuration at hour 12, for less than a day.
      await t.sweepOf([], hoursIn(12)).run();
      expect((await t.sweepOf([], hoursIn(25)).run()).cleared).toBe(0);
      await t.sweepOf([silver], hoursIn(26)).run();
      expect(started()).toHaveLength(told);
    });

    // Parts inherit their System's answers, roles and cost table only: a
    // pipeline pushing the System's results every hour had every part read
    // and scored again every pass.
    it("does not evaluate a System's parts again when the System's own results change, as they do not inherit them", async () => {
      const t = await setup(id);
      await t.sweepOf([], hoursIn(0)).run();
      await t.store.transaction(tx =>
        t.store.putResults(
          tx,
          [
            {
              entityRef: 'system:default/shop',
              checkId: 'recoverability.restore-test',
              status: 'met',
            },
          ],
          'external:ci-pipeline',
        ),
      );
      expect((await t.sweepOf([], hoursIn(1)).run()).scored).toBe(1);
    });

    // An entity gone from the catalog is not scored: its campaign notices'
    // day unfound runs from when they were last found, not from the pass
    // that found it gone.
    it('forgets a campaign notice of an entity gone from the catalog a day after it was last found', async () => {
      const { t } = await silverStarted(id);
      const searchNotices = () =>
        t
          .knex('readiness_notices_sent')
          .where('entity_ref', SEARCH)
          .select('kind');
      expect(await searchNotices()).toContainEqual({ kind: 'campaign-start' });
      // Gone, and answered meanwhile: evaluated again, but not scored.
      t.edit.remove('Component', 'search');
      await t.store.transaction(tx => t.answerRestoreTest(tx, SEARCH));
      await t.sweepOf([silver], hoursIn(1)).run();
      expect(await searchNotices()).toEqual([{ kind: 'campaign-start' }]);
      await t.sweepOf([silver], hoursIn(24.5)).run();
      expect(await searchNotices()).toEqual([]);
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
        tx => t.answerRestoreTest(tx, SEARCH),
      );
      const expires = Date.parse(answer.answeredAt!) + 90 * 86_400_000;
      const dayStart = Math.floor(expires / 86_400_000) * 86_400_000;
      const before = new Date((dayStart + expires) / 2);
      const after = new Date(
        expires + Math.min(60_000, (dayStart + 86_400_000 - expires) / 2),
      );

      await t.sweepOf([], before).run();
      expect(t.sent).toContainEqual(
        expect.stringMatching(
          /check:recoverability\.restore-test .* expires on/,
        ),
      );
      // The same day, once it has expired: search alone is evaluated again.
      const expired = await t.sweepOf([], after).run();
      expect(expired.scored).toBe(1);
      expect(t.sent).toContainEqual(
        expect.stringMatching(
          /check:recoverability\.restore-test .* expired on/,
        ),
      );
    });

    // A restore changes the stored answers before any run scores the entity
    // again: the sweep scores from the stored answers, and must not wait for
    // the full run.
    it('evaluates an entity again when its stored answers change without it being scored again', async () => {
      const t = await setup(id);
      await t.sweepOf([], hoursIn(0)).run();
      // Search's restore test, answered 400 days ago, as a restore writes it.
      await t.store.transaction(tx => t.answerRestoreTest(tx, SEARCH));
      await t
        .knex('readiness_answers')
        .where({ entity_ref: SEARCH, check_id: 'recoverability.restore-test' })
        .update({
          answered_at: new Date(
            hoursIn(1).getTime() - 400 * 86_400_000,
          ).toISOString(),
        });
      const restored = await t.sweepOf([], hoursIn(1)).run();
      expect(restored.scored).toBe(1);
      expect(t.sent).toContainEqual(
        expect.stringMatching(
          /search:check:recoverability\.restore-test .* expired on/,
        ),
      );
    });

    it("evaluates a System's parts again when the System's stored answers change, as they inherit them", async () => {
      const t = await setup(id);
      const first = await t.sweepOf([], hoursIn(0)).run();
      await t.store.transaction(tx =>
        t.answerRestoreTest(tx, 'system:default/shop'),
      );
      // The System and its parts, cart, checkout and search: every entity
      // scored here.
      const again = await t.sweepOf([], hoursIn(1)).run();
      expect(again.scored).toBe(first.entities);
      expect(first.entities).toBe(4);
    });
  },
);
