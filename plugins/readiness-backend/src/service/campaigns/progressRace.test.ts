import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../../__testUtils__/databases';
import { componentScorecard } from '../../__testUtils__/scorecards';
import { storeOn } from '../../__testUtils__/computation';
import {
  campaignServiceOn,
  lowerSilverToBronze,
  pendingOf,
  storeSilverCampaign,
} from '../../__testUtils__/campaigns';
import { toScorecardRow } from '../scorecardRow';
import { gate, settledWithin } from '../../__testUtils__/races';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const cart: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default', etag: 'e1' },
};
const atLevel = (level: 'bronze' | 'silver') =>
  componentScorecard(CART, { level, score: level === 'silver' ? 80 : 40 });

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  const service = campaignServiceOn(store);
  await store.transaction(tx =>
    store.putScorecards(tx, [toScorecardRow(atLevel('bronze'), 'e1')]),
  );
  await storeSilverCampaign(store);
  await service.recomputeAll();
  /** A write that takes cart to silver, as recomputeMany stores it. */
  const write = () =>
    store.transaction(async tx => {
      await store.putScorecards(tx, [toScorecardRow(atLevel('silver'), 'e2')]);
      await service.applyWrite(tx, [atLevel('silver')], [cart]);
    });
  const progress = async () => ({
    counts: await knex('readiness_campaign_groups')
      .where('campaign_id', 'silver')
      .select('group_ref', 'total', 'done'),
    rows: (
      await knex('readiness_campaign_entities')
        .where('campaign_id', 'silver')
        .select('entity_ref', 'done')
    ).map(r => ({ ref: r.entity_ref, done: Boolean(r.done) })),
  });
  return { store, service, write, progress };
}

const DONE = {
  counts: [{ group_ref: '', total: 1, done: 1 }],
  rows: [{ ref: CART, done: true }],
};

/*
 * A campaign's progress is computed from scratch after every full run and
 * when a campaign changes, and moved by each write's delta. On PostgreSQL
 * (READ COMMITTED) a write landing while the computation runs must neither
 * be lost (replaced by what the computation read before it) nor counted
 * twice (its delta applied to rows that already hold it).
 */
describe.each(databases.eachSupportedId())(
  'campaign progress beside a write, %p',
  id => {
    it('keeps a write that lands while a computation from scratch is under way', async () => {
      const t = await setup(id);
      const paused = gate();
      const progress = t.store.campaigns.progress;
      const put = progress.putEntityRows.bind(progress);
      // The computation's page has read the scorecards and is writing rows.
      jest
        .spyOn(progress, 'putEntityRows')
        .mockImplementationOnce(async (...args) => {
          paused.reach();
          await paused.opened;
          return put(...args);
        });
      const computing = t.service.recomputeAll();
      await paused.arrived;

      const writing = t.write();
      // It waits for the computation's page, whose rows it then moves.
      expect(await settledWithin(writing, 300)).toBe(false);
      paused.open();
      await Promise.all([computing, writing]);
      expect(await t.progress()).toEqual(DONE);
    });

    it('counts a write once when a computation from scratch starts while it is under way', async () => {
      const t = await setup(id);
      const paused = gate();
      const progress = t.store.campaigns.progress;
      const rowsOf = progress.getEntityRows.bind(progress);
      const spy = jest
        .spyOn(progress, 'getEntityRows')
        .mockImplementation(async (...args) => {
          const rows = await rowsOf(...args);
          paused.reach();
          await paused.opened;
          return rows;
        });
      const writing = t.write();
      await paused.arrived;
      spy.mockRestore();

      const computing = t.service.recomputeAll();
      // It waits for the write, and reads what the write stored.
      expect(await settledWithin(computing, 300)).toBe(false);
      paused.open();
      await Promise.all([computing, writing]);
      expect(await t.progress()).toEqual(DONE);
    });

    it('computes the definition stored last, not one read before it changed', async () => {
      const t = await setup(id);
      const paused = gate();
      // The full run's computation has listed the campaigns (silver) and
      // is about to open its first transaction.
      const transaction = t.store.transaction.bind(t.store);
      jest
        .spyOn(t.store, 'transaction')
        .mockImplementationOnce(async (...args) => {
          paused.reach();
          await paused.opened;
          return transaction(...args);
        });
      const computing = t.service.recomputeAll();
      await paused.arrived;

      // Meanwhile an admin lowers the target to bronze, which cart meets.
      await lowerSilverToBronze(t.service, t.store);
      expect(await pendingOf(t.store, 'silver')).toBe(true);
      paused.open();
      await computing;
      // The computation read the definitions under the lock, after the change.
      expect(await t.progress()).toEqual(DONE);
      expect(await pendingOf(t.store, 'silver')).toBe(false);
    });
  },
);
