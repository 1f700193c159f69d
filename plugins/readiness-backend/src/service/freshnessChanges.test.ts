import { TestDatabaseId } from '@backstage/backend-test-utils';
import { READINESS_MIGRATIONS } from '../database/migrations';
import { FreshnessPassResult } from './freshnessPass';
import { FullRunLedger } from './fullRunLedger';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  annotate,
  everything,
  expectSameAsFromScratch,
  freshnessWorld,
  FreshnessWorld,
  statusOf,
} from '../__testUtils__/freshnessWorld';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const setup = async (id: TestDatabaseId) =>
  freshnessWorld(await databases.init(id));
type Setup = FreshnessWorld;

/*
 * What a change in the catalog brings along in the freshness pass: a
 * System's parts, the dependants of a lifecycle, a full run when the tree
 * moves; and the pass beside a full run under way.
 */
describe.each(databases.eachSupportedId())(
  'what a change brings along in the freshness pass on %s',
  id => {
    it('scores a new entity, and drops the scorecard of a deleted one, with their rollups', async () => {
      const t = await setup(id);
      const teamA = async () =>
        ((await everything(t)).rollups['group:default/team-a'] as any).aggregate
          .entities;
      const initially = await teamA();
      t.world.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'basket',
          namespace: 'default',
          annotations: { 'prodready.dev/check.monitoring.metrics': 'met' },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'team-a',
          system: 'shop',
        },
      });
      const added = await t.passThenFullRun();
      expect(added.fullRunNeeded).toBe(false);
      expect(
        await statusOf(t, 'component:default/basket', 'monitoring.metrics'),
      ).toBe('met');
      await expectSameAsFromScratch(t);
      expect(await teamA()).toBe(initially + 1);

      t.world.remove('Component', 'checkout');
      const removed = await t.passThenFullRun();
      expect(removed.fullRunNeeded).toBe(true);
      expect(await t.store.getScorecard('component:default/checkout')).toBe(
        undefined,
      );
      await expectSameAsFromScratch(t);
      expect(await teamA()).toBe(initially);
      expect((await t.pass.run()).changed).toBe(0);
    });

    it('brings a System edit to every part that inherits from it', async () => {
      const t = await setup(id);
      t.world.edit(
        'System',
        'shop',
        annotate('prodready.dev/check.monitoring.alerting', 'met'),
      );
      const result = await t.pass.run();
      const parts = ['cart', 'checkout', 'search', 'svc-0', 'svc-1'];
      expect(result).toMatchObject({
        changed: 1,
        recomputed: 1 + parts.length,
        fullRunNeeded: false,
      });
      for (const part of parts) {
        expect(
          await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
        ).toBe('met');
      }
      await expectSameAsFromScratch(t);
    });

    it("brings a System edit to its parts when a write of the System's own results scored it first", async () => {
      const t = await setup(id);
      t.world.edit(
        'System',
        'shop',
        annotate('prodready.dev/check.monitoring.alerting', 'met'),
      );
      // A pipeline's result for the System, between the edit and the pass:
      // the System is scored alone with its new body (its parts do not
      // inherit results), so its scorecard holds the new etag.
      const shop = t.world.state.entities.find(
        e => e.metadata.name === 'shop',
      )!;
      await t.computation.recompute(shop, undefined, { writes: 'results' });
      expect(
        await statusOf(t, 'component:default/cart', 'monitoring.alerting'),
      ).not.toBe('met');
      await t.pass.run();
      for (const part of ['cart', 'checkout', 'search', 'svc-0', 'svc-1']) {
        expect(
          await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
        ).toBe('met');
      }
      await expectSameAsFromScratch(t);
    });

    it('scores again the dependants of an entity whose lifecycle changed', async () => {
      const t = await setup(id);
      t.world.edit('Component', 'svc-1', e => {
        e.spec!.lifecycle = 'deprecated';
      });
      const result = await t.pass.run();
      expect(result).toMatchObject({ recomputed: 2, fullRunNeeded: false });
      expect(
        await statusOf(
          t,
          'component:default/svc-0',
          'support.deprecation-watch',
        ),
      ).toBe('partially-met');
      await expectSameAsFromScratch(t);
    });

    it('scores again the dependants of an entity of a kind it does not score whose lifecycle changed', async () => {
      const t = await setup(id);
      t.world.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'pay-api', namespace: 'default' },
        spec: { type: 'openapi', lifecycle: 'production', owner: 'team-b' },
      });
      t.world.edit('Component', 'svc-0', e => {
        e.spec!.dependsOn = ['api:default/pay-api'];
      });
      await t.passThenFullRun();
      expect(
        await statusOf(
          t,
          'component:default/svc-0',
          'support.deprecation-watch',
        ),
      ).not.toBe('partially-met');

      t.world.edit('API', 'pay-api', e => {
        e.spec!.lifecycle = 'deprecated';
      });
      const result = await t.pass.run();
      expect(result).toMatchObject({ recomputed: 1, fullRunNeeded: false });
      expect(
        await statusOf(
          t,
          'component:default/svc-0',
          'support.deprecation-watch',
        ),
      ).toBe('partially-met');
      await expectSameAsFromScratch(t);
    });

    it('asks for the full run when a group moves or a role holder leaves', async () => {
      const t = await setup(id);
      t.world.edit('Group', 'team-b', e => {
        e.spec!.parent = 'acme';
      });
      t.world.edit('Group', 'eng', e => {
        e.spec!.children = ['team-a'];
      });
      t.world.edit('Group', 'acme', e => {
        e.spec!.children = ['eng', 'team-b'];
      });
      const moved = await t.passThenFullRun();
      expect(moved.fullRunNeeded).toBe(true);
      expect(moved.fullRunReasons.join('\n')).toContain('group:default/team-b');
      const after = await expectSameAsFromScratch(t);
      expect(after.rollups['group:default/team-b']).toMatchObject({
        parent: 'group:default/acme',
      });

      // alice, the dba of cart, moves to team-b: both teams' members change.
      t.world.edit('User', 'alice', e => {
        e.spec!.memberOf = ['team-b'];
      });
      const moves = await t.passThenFullRun();
      expect(moves.fullRunReasons.join('\n')).toContain('group:default/team-a');
      await expectSameAsFromScratch(t);

      // bob, the dba of svc-0, leaves: his group's members change.
      t.world.remove('User', 'bob');
      const left = await t.passThenFullRun();
      expect(left.fullRunReasons.join('\n')).toContain('group:default/team-b');
      const svc0 = await t.store.getScorecard('component:default/svc-0');
      expect(svc0!.member.roleGaps).toMatchObject({ dba: 'holder-gone' });
      await expectSameAsFromScratch(t);
      expect((await t.pass.run()).fullRunNeeded).toBe(false);
    });

    it('leaves a role holder in no group to the next full run, and forgets the facts it recorded of users', async () => {
      const t = await setup(id);
      t.world.edit('User', 'bob', e => {
        e.spec!.memberOf = [];
      });
      expect((await t.passThenFullRun()).fullRunNeeded).toBe(true);
      // A user recorded by an earlier version, which streamed every kind.
      await t.store.putCatalogFacts([
        {
          entityRef: 'user:default/bob',
          etag: 'e1',
          lifecycle: null,
          shape: 's1',
        },
      ]);

      t.world.remove('User', 'bob');
      const pass = await t.pass.run();
      expect(pass).toMatchObject({ changed: 0, fullRunNeeded: false });
      expect(
        (await t.store.getCatalogFacts(['user:default/bob'])).has(
          'user:default/bob',
        ),
      ).toBe(false);
      const before = await t.store.getScorecard('component:default/svc-0');
      expect(before!.member.roleGaps?.dba).toBeUndefined();
      // The scheduled full run looks the holders up by ref.
      await t.fullRun();
      const after = await t.store.getScorecard('component:default/svc-0');
      expect(after!.member.roleGaps).toMatchObject({ dba: 'holder-gone' });
      await expectSameAsFromScratch(t);
    });

    it('changes nothing while the catalog is unreachable, and catches up afterwards', async () => {
      const t = await setup(id);
      t.world.edit(
        'Component',
        'cart',
        annotate('prodready.dev/check.support.runbooks', 'met'),
      );
      const tables = async () => ({
        ...(await everything(t)),
        facts: await t.knex('readiness_catalog_facts').orderBy('entity_ref'),
        ledger: await t.ledger.status(),
      });
      const before = await tables();

      t.world.state.down = true;
      const down = await t.pass.run();
      expect(down.error).toMatch(/ECONNREFUSED/);
      expect(down).toMatchObject({ recomputed: 0, fullRunNeeded: false });
      expect(await tables()).toEqual(before);

      // Down after the refs were read: nothing half done, the next pass goes on.
      t.world.state.down = false;
      t.world.state.failing = ['getEntitiesByRefs'];
      const halfway = await t.pass.run();
      expect(halfway).toMatchObject({ incomplete: true, recomputed: 0 });
      expect(await everything(t)).toEqual({
        scorecards: before.scorecards,
        rollups: before.rollups,
      });

      t.world.state.failing = [];
      expect(await t.pass.run()).toMatchObject({ recomputed: 1 });
      await expectSameAsFromScratch(t);
    });

    it('stops between batches once its time is up, and the next pass goes on', async () => {
      const t = await setup(id);
      t.world.edit(
        'Component',
        'cart',
        annotate('prodready.dev/check.support.runbooks', 'met'),
      );
      const timeUp = new AbortController();
      timeUp.abort();
      expect(await t.pass.run({ signal: timeUp.signal })).toMatchObject({
        changed: 1,
        recomputed: 0,
        incomplete: true,
      });
      expect(await t.pass.run()).toMatchObject({
        recomputed: 1,
        incomplete: false,
      });
      await expectSameAsFromScratch(t);
    });

    /**
     * Edits an entity and runs a pass once the full run has handled a page of
     * the stream that `kind` and `field` pick; the pass's result.
     */
    function passDuringRun(
      t: Setup,
      stream: { kind: string; field: string },
      edit: () => void,
    ) {
      const during: { result?: FreshnessPassResult } = {};
      t.world.state.afterPage = async request => {
        const { filter, fields } = request as {
          filter?: { kind?: string[] };
          fields?: string[];
        };
        if (!filter?.kind?.includes(stream.kind)) return false;
        if (!fields?.includes(stream.field)) return false;
        t.world.state.afterPage = undefined;
        edit();
        during.result = await t.pass.run();
        return true;
      };
      return during;
    }

    it('stays exact when it lands in the middle of a full run', async () => {
      const t = await setup(id);
      // Once the full run has read every scorable entity's ref, etag and
      // lifecycle (cart as it was; the pass's own read asks no lifecycle, the
      // rollup tree's is of other kinds), cart is edited and a pass runs,
      // before the run scores what changed and rolls up.
      const during = passDuringRun(
        t,
        { kind: 'component', field: 'spec.lifecycle' },
        () =>
          t.world.edit(
            'Component',
            'cart',
            annotate('prodready.dev/check.support.runbooks', 'met'),
          ),
      );
      await t.fullRun();
      expect(during.result).toMatchObject({
        recomputed: 1,
        fullRunReasonCount: 0,
      });
      expect(
        await statusOf(t, 'component:default/cart', 'support.runbooks'),
      ).toBe('met');
      await expectSameAsFromScratch(t);
    });

    it("keeps what it scored of a System's parts when a full run that read the System before the edit writes after it", async () => {
      const t = await setup(id);
      // Once the full run has read the Systems it hands down from (shop as it
      // was), shop is edited and a pass brings the edit to its parts, before
      // the run scores and writes the parts.
      const during = passDuringRun(
        t,
        { kind: 'system', field: 'metadata.annotations' },
        () =>
          t.world.edit(
            'System',
            'shop',
            annotate('prodready.dev/check.monitoring.alerting', 'met'),
          ),
      );
      await t.fullRun();
      expect(during.result).toMatchObject({
        recomputed: 6,
        fullRunReasonCount: 0,
      });
      for (const part of ['cart', 'checkout', 'search', 'svc-0', 'svc-1']) {
        expect(
          await statusOf(t, `component:default/${part}`, 'monitoring.alerting'),
        ).toBe('met');
      }
      await expectSameAsFromScratch(t);
    });

    it('asks for the full run until one that started after the request succeeds', async () => {
      const t = await setup(id);
      t.world.edit('Group', 'team-b', e => {
        e.metadata.title = 'Team B';
      });
      const asked = await t.pass.run();
      expect(asked.fullRunReasons).toEqual([
        'group:default/team-b changed its place or members in the organisation',
      ]);
      expect(FullRunLedger.pending(await t.ledger.status())).toBe(true);

      // A full run that fails (catalog down) does not count.
      t.world.state.down = true;
      await t.fullRun();
      t.world.state.down = false;
      expect(FullRunLedger.pending(await t.ledger.status())).toBe(true);

      // The next pass finds nothing new, and still asks.
      const next = await t.passThenFullRun();
      expect(next).toMatchObject({
        fullRunReasonCount: 0,
        fullRunNeeded: true,
      });
      expect(FullRunLedger.pending(await t.ledger.status())).toBe(false);
      expect((await t.pass.run()).fullRunNeeded).toBe(false);
      const after = await expectSameAsFromScratch(t);
      expect(after.rollups['group:default/team-b']).toMatchObject({
        title: 'Team B',
      });
    });
  },
);
describe.each(databases.eachSupportedId())(
  'the catalog facts migration on %s',
  id => {
    it('adds the table and drops it again', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      const has = () => knex.schema.hasTable('readiness_catalog_facts');
      expect(await has()).toBe(true);
      await knex.migrate.down({
        ...READINESS_MIGRATIONS,
        name: '20261203100000_catalog_facts.js',
      });
      expect(await has()).toBe(false);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(await has()).toBe(true);
    });
  },
);
