import { Campaign } from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../../__testUtils__/computation';
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

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** A second campaign of app-config, for bronze, open until 2099. */
const bronze: Campaign = {
  ...silverFromConfig,
  id: 'bronze',
  title: 'Bronze',
  target: { level: 'bronze' },
};

async function setup(id: Parameters<typeof databases.init>[0]) {
  const store = await storeOn(await databases.init(id));
  const edit = editableCatalog(smallOrg());
  /** The full run of an instance with these app-config campaigns. */
  // One clock, in one UTC day: only the day's first run computes anyway.
  const now = () => new Date('2026-12-02T10:00:00Z');
  const runFull = (fromConfig: Campaign[] = [silverFromConfig]) =>
    testComputation({
      store,
      catalog: edit.catalog,
      campaigns: campaignServiceOn(store, { fromConfig, now }),
      now,
    }).runFull();
  // Every page a computation of progress from scratch reads.
  const pages = jest.spyOn(store.campaigns.progress, 'candidatePage');
  const counts = async () =>
    Object.fromEntries(
      await store.campaigns.progress.getCounts(['silver', 'bronze']),
    );
  return { store, edit, runFull, pages, counts, now };
}

describe.each(databases.eachSupportedId())(
  'campaign progress after full runs on %s',
  id => {
    // Every full run computed every campaign's progress again from every
    // scorecard: at 100,000 entities 6 s a campaign every 30 minutes,
    // though nothing had changed.
    it('is not computed again after a run that changed nothing, and is what a computation from scratch gives', async () => {
      const t = await setup(id);
      await t.runFull();
      expect(t.pages).toHaveBeenCalled();
      const first = await t.counts();
      expect(first.silver.total).toBeGreaterThan(0);

      t.pages.mockClear();
      const unchanged = await t.runFull();
      expect(unchanged.rollupsKept).toBe(true);
      expect(t.pages).not.toHaveBeenCalled();
      expect(await t.counts()).toEqual(first);

      // Another campaign in the configuration: computed, though nothing
      // else changed.
      await t.runFull([silverFromConfig, bronze]);
      expect(t.pages).toHaveBeenCalled();
      expect((await t.counts()).bronze.total).toBeGreaterThan(0);

      // An entity changed in the catalog: the run scores it and computes
      // the progress again.
      t.pages.mockClear();
      t.edit.edit('Component', 'search', meetRunbooks);
      expect((await t.runFull([silverFromConfig, bronze])).written).toBe(1);
      expect(t.pages).toHaveBeenCalled();

      // A write stores no input fingerprint, so the run after it scores
      // the entity again and computes the progress again; the one after
      // that keeps it, which is what a computation from scratch gives.
      const campaigns = campaignServiceOn(t.store, {
        fromConfig: [silverFromConfig, bronze],
        now: t.now,
      });
      const cart = t.edit.state.entities.find(e => e.metadata.name === 'cart')!;
      await testComputation({
        store: t.store,
        catalog: t.edit.catalog,
        campaigns,
        now: t.now,
      }).recompute(cart, tx =>
        t.store.putAnswer(
          tx,
          'component:default/cart',
          'support.runbooks',
          { status: 'met' },
          'user:default/alice',
          0,
        ),
      );
      t.pages.mockClear();
      await t.runFull([silverFromConfig, bronze]);
      expect(t.pages).toHaveBeenCalled();
      t.pages.mockClear();
      await t.runFull([silverFromConfig, bronze]);
      expect(t.pages).not.toHaveBeenCalled();
      const kept = await t.counts();
      await campaigns.recomputeAll();
      expect(t.pages).toHaveBeenCalled();
      expect(await t.counts()).toEqual(kept);
    });

    // A computation that failed after a run that wrote scorecards left
    // their progress behind; the run after, which changed nothing, skipped
    // it, as the campaigns were those of the computation before.
    it('is computed again after a computation that failed, though the run changed nothing', async () => {
      const t = await setup(id);
      await t.runFull();
      t.edit.edit('Component', 'search', meetRunbooks);
      t.pages.mockRejectedValueOnce(new Error('the database went away'));
      expect((await t.runFull()).written).toBe(1);

      t.pages.mockClear();
      expect((await t.runFull()).rollupsKept).toBe(true);
      expect(t.pages).toHaveBeenCalled();
    });

    // The run wrote search's scorecard (which moves no progress) and its
    // computation failed before it began reading: the basis was that of
    // the computation before the run, so the next run skipped.
    it('is computed again after a run that wrote scorecards and failed before its computation began', async () => {
      const t = await setup(id);
      await t.runFull();
      t.edit.edit('Component', 'search', meetRunbooks);
      jest
        .spyOn(t.store.campaigns.progress, 'deleteProgressExcept')
        .mockRejectedValueOnce(new Error('the database went away'));
      t.pages.mockClear();
      expect((await t.runFull()).written).toBe(1);
      expect(t.pages).not.toHaveBeenCalled();

      expect((await t.runFull()).rollupsKept).toBe(true);
      expect(t.pages).toHaveBeenCalled();
      const computed = await t.counts();
      await campaignServiceOn(t.store, {
        fromConfig: [silverFromConfig],
        now: t.now,
      }).recomputeAll();
      expect(await t.counts()).toEqual(computed);
    });
  },
);
