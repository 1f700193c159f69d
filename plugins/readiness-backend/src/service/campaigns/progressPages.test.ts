import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../../__testUtils__/databases';
import { componentScorecard } from '../../__testUtils__/scorecards';
import { storeOn } from '../../__testUtils__/computation';
import {
  campaignServiceOn,
  lowerSilverToBronze,
  pendingOf,
  storeSilverCampaign,
} from '../../__testUtils__/campaigns';
import { gate, settledWithin } from '../../__testUtils__/races';
import { toScorecardRow } from '../scorecardRow';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Five services of two teams; b and d at silver, the others at bronze. */
const SERVICES = [
  ['a', 'group:default/payments', 'bronze'],
  ['b', 'group:default/payments', 'silver'],
  ['c', 'group:default/search', 'bronze'],
  ['d', 'group:default/search', 'silver'],
  ['e', 'group:default/search', 'bronze'],
] as const;
const refOf = (name: string) => `component:default/${name}`;
const scorecardOf = (name: string, owner: string, level: string) =>
  componentScorecard(refOf(name), {
    owner,
    level: level as 'bronze' | 'silver',
    score: level === 'silver' ? 80 : 40,
  });

async function setup(
  id: TestDatabaseId,
  options: {
    catalog?: CatalogService;
    campaign?: 'silver' | 'pci';
    logger?: { warn(message: string): void };
  } = {},
) {
  const knex = await databases.init(id);
  const store = await storeOn(knex);
  // Two entities per transaction: three pages.
  const service = campaignServiceOn(store, {
    progressPageSize: 2,
    catalog: options.catalog,
    logger: options.logger,
  });
  await store.transaction(tx =>
    store.putScorecards(
      tx,
      SERVICES.map(([name, owner, level]) =>
        toScorecardRow(scorecardOf(name, owner, level), 'e1'),
      ),
    ),
  );
  if (options.campaign === 'pci') {
    await store.transaction(tx =>
      store.campaigns.definitions.writeCampaign(
        tx,
        'silver',
        {
          title: 'Silver for PCI',
          filter: { tags: ['pci'] },
          target: { level: 'silver' },
          deadline: '2099-01-01',
        },
        'user:default/admin',
        0,
        '2026-12-01',
        { create: true },
      ),
    );
  } else {
    await storeSilverCampaign(store);
  }
  await service.recomputeAll();
  /** A write that takes `name` to silver, as recomputeMany stores it (computed now, with `tags`). */
  const write = (name: string, owner: string, tags: string[] = []) =>
    store.transaction(async tx => {
      const scorecard = {
        ...scorecardOf(name, owner, 'silver'),
        computedAt: new Date().toISOString(),
      };
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace: 'default', etag: 'e2', tags },
      };
      await store.putScorecards(tx, [toScorecardRow(scorecard, 'e2')]);
      await service.applyWrite(tx, [scorecard], [entity]);
    });
  const progress = async () => ({
    counts: (
      await knex('readiness_campaign_groups')
        .where('campaign_id', 'silver')
        .orderBy('group_ref')
        .select('group_ref', 'total', 'done')
    ).map(c => [c.group_ref, Number(c.total), Number(c.done)]),
    done: (
      await knex('readiness_campaign_entities')
        .where('campaign_id', 'silver')
        .orderBy('entity_ref')
        .select('entity_ref', 'done')
    ).flatMap(r => (r.done ? [r.entity_ref] : [])),
  });
  /** Holds the computation before its `n`th transaction, once the ones before have committed. */
  const pauseBeforeTransaction = (n: number) => {
    const paused = gate();
    const transaction = store.transaction.bind(store);
    let calls = 0;
    jest.spyOn(store, 'transaction').mockImplementation(async fn => {
      calls++;
      if (calls === n) {
        paused.reach();
        await paused.opened;
      }
      return transaction(fn);
    });
    return paused;
  };
  /**
   * A computation of every campaign, held before its `n`th transaction
   * (the pause lifted from the transactions after); open `paused` to go on.
   */
  const heldComputation = async (n: number) => {
    const paused = pauseBeforeTransaction(n);
    const computing = service.recomputeAll();
    expect(await settledWithin(paused.arrived, 10_000)).toBe(true);
    jest.restoreAllMocks();
    return { paused, computing };
  };
  return {
    store,
    service,
    write,
    progress,
    pauseBeforeTransaction,
    heldComputation,
  };
}

/*
 * A computation from scratch writes a page of entities per transaction, so
 * a write (which takes the same progress lock) waits for one page, not
 * for the whole organisation; the counts are taken from the rows at the end.
 */
describe.each(databases.eachSupportedId())(
  'campaign progress a page at a time, on %p',
  id => {
    it('lets a write through between two pages, and counts it', async () => {
      const t = await setup(id);
      expect(await t.progress()).toEqual({
        counts: [
          ['', 5, 2],
          ['group:default/payments', 2, 1],
          ['group:default/search', 3, 1],
        ],
        done: [refOf('b'), refOf('d')],
      });
      // The removal of campaigns gone, then the first page, have committed.
      const paused = t.pauseBeforeTransaction(3);
      const computing = t.service.recomputeAll();
      expect(await settledWithin(paused.arrived, 10_000)).toBe(true);

      // a is on the page written; e on a page to come.
      const writing = Promise.all([
        t.write('a', 'group:default/payments'),
        t.write('e', 'group:default/search'),
      ]);
      expect(await settledWithin(writing, 5_000)).toBe(true);
      await writing;
      expect(await settledWithin(computing, 300)).toBe(false);
      paused.open();
      await computing;

      const expected = {
        counts: [
          ['', 5, 4],
          ['group:default/payments', 2, 2],
          ['group:default/search', 3, 2],
        ],
        done: [refOf('a'), refOf('b'), refOf('d'), refOf('e')],
      };
      expect(await t.progress()).toEqual(expected);
      jest.restoreAllMocks();
      await t.service.recomputeAll();
      expect(await t.progress()).toEqual(expected);
    });

    it('keeps what a write moved meanwhile with tags the computation did not read', async () => {
      // Only a carries the tag pci when the computation reads the tags.
      const catalog = catalogServiceMock({
        entities: SERVICES.map(([name]) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            namespace: 'default',
            tags: name === 'a' ? ['pci'] : [],
          },
        })),
      });
      const t = await setup(id, { catalog, campaign: 'pci' });
      expect((await t.progress()).counts).toEqual([
        ['', 1, 0],
        ['group:default/payments', 1, 0],
      ]);
      // Page 3 (e) has read its tags, untagged, and waits for its transaction.
      const paused = t.pauseBeforeTransaction(4);
      const computing = t.service.recomputeAll();
      expect(await settledWithin(paused.arrived, 10_000)).toBe(true);
      jest.restoreAllMocks();

      // e, on a page to come, is tagged pci (and reaches silver) meanwhile.
      await t.write('e', 'group:default/search', ['pci']);
      paused.open();
      await computing;
      expect(await t.progress()).toEqual({
        counts: [
          ['', 2, 1],
          ['group:default/payments', 1, 0],
          ['group:default/search', 1, 1],
        ],
        done: [refOf('e')],
      });
    });

    it('keeps a saved definition pending when its progress cannot be computed, for the next run of the task', async () => {
      const t = await setup(id);
      const saved = await lowerSilverToBronze(t.service, t.store);
      expect(saved).toMatchObject({ target: { level: 'bronze' }, version: 2 });
      expect(await pendingOf(t.store, 'silver')).toBe(true);
      jest
        .spyOn(t.store.campaigns.progress, 'candidatePage')
        .mockRejectedValueOnce(new Error('connection terminated'));
      await expect(t.service.computePending()).rejects.toThrow(
        'connection terminated',
      );
      expect((await t.service.get('silver'))?.target).toEqual({
        level: 'bronze',
      });
      expect(await pendingOf(t.store, 'silver')).toBe(true);

      await t.service.computePending();
      expect(await pendingOf(t.store, 'silver')).toBe(false);
      expect((await t.progress()).counts[0]).toEqual(['', 5, 5]);
    });

    it("stops before its next page when the task's signal aborts, and leaves the campaign pending", async () => {
      const t = await setup(id);
      const progress = t.store.campaigns.progress;
      const page = progress.candidatePage.bind(progress);
      const task = new AbortController();
      let pages = 0;
      jest
        .spyOn(progress, 'candidatePage')
        .mockImplementation(async (...args) => {
          pages++;
          // The task times out while its first page is read.
          task.abort(new Error('task timed out'));
          return page(...args);
        });
      await lowerSilverToBronze(t.service, t.store);
      await expect(t.service.computePending(task.signal)).rejects.toThrow(
        'task timed out',
      );
      expect(pages).toBe(1);
      expect(await pendingOf(t.store, 'silver')).toBe(true);

      jest.restoreAllMocks();
      await t.service.computePending();
      expect(await pendingOf(t.store, 'silver')).toBe(false);
    });

    it('writes and counts nothing once its signal has aborted', async () => {
      const t = await setup(id);
      await lowerSilverToBronze(t.service, t.store);
      const task = new AbortController();
      task.abort(new Error('task cancelled'));
      const transaction = jest.spyOn(t.store, 'transaction');
      await expect(t.service.computePending(task.signal)).rejects.toThrow(
        'task cancelled',
      );
      // The one that reads what is pending: no page, no count again.
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(await pendingOf(t.store, 'silver')).toBe(true);
    });

    it('counts the rows as they are when a page fails', async () => {
      const t = await setup(id, { logger: { warn: () => {} } });
      // Page 1 (a, b) is written for bronze; page 2 cannot be read.
      const progress = t.store.campaigns.progress;
      const page = progress.candidatePage.bind(progress);
      let pages = 0;
      jest
        .spyOn(progress, 'candidatePage')
        .mockImplementation(async (...args) => {
          if (++pages === 2) throw new Error('connection terminated');
          return page(...args);
        });
      await lowerSilverToBronze(t.service, t.store);
      await expect(t.service.computePending()).rejects.toThrow(
        'connection terminated',
      );
      // a and b done for bronze, d still done for silver: 3 of 5.
      expect(await t.progress()).toEqual({
        counts: [
          ['', 5, 3],
          ['group:default/payments', 2, 2],
          ['group:default/search', 3, 1],
        ],
        done: [refOf('a'), refOf('b'), refOf('d')],
      });
    });

    it('keeps the rows of an entity stored after its page was listed, whose tags were not read', async () => {
      const catalog = catalogServiceMock({
        entities: SERVICES.map(([name]) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name, namespace: 'default', tags: ['pci'] },
        })),
      });
      const t = await setup(id, { catalog, campaign: 'pci' });
      // Between the listing of page 1 (a, b) and its transaction, a2 is
      // stored (scored before the computation began) with the row a write
      // gave it while it carried pci.
      const a2 = refOf('a2');
      const progress = t.store.campaigns.progress;
      const refs = progress.candidateRefs.bind(progress);
      jest
        .spyOn(progress, 'candidateRefs')
        .mockImplementationOnce(async (...args) => {
          const listed = await refs(...args);
          await t.store.transaction(async tx => {
            await t.store.putScorecards(tx, [
              toScorecardRow(
                scorecardOf('a2', 'group:default/payments', 'silver'),
                'e1',
              ),
            ]);
            await progress.putEntityRows(tx, [
              {
                campaignId: 'silver',
                entityRef: a2,
                owner: 'group:default/payments',
                done: true,
                level: 'silver',
                missing: [],
              },
            ]);
          });
          return listed;
        });
      await t.service.recomputeAll();
      expect((await t.progress()).done).toEqual([
        refOf('a2'),
        refOf('b'),
        refOf('d'),
      ]);
    });

    it('leaves a campaign changed meanwhile to the computation of its change', async () => {
      const t = await setup(id);
      const { paused, computing } = await t.heldComputation(3);

      // An admin lowers the target to bronze, which every service meets.
      await lowerSilverToBronze(t.service, t.store);
      paused.open();
      await computing;
      // Silver's computation stopped: bronze's is still to come.
      expect(await pendingOf(t.store, 'silver')).toBe(true);

      await t.service.computePending();
      expect(await pendingOf(t.store, 'silver')).toBe(false);
      expect(await t.progress()).toEqual({
        counts: [
          ['', 5, 5],
          ['group:default/payments', 2, 2],
          ['group:default/search', 3, 3],
        ],
        done: SERVICES.map(([name]) => refOf(name)),
      });
    });

    it('leaves a campaign a restore brings back meanwhile to the computation of its mark', async () => {
      const t = await setup(id);
      const { paused, computing } = await t.heldComputation(3);

      // A restore brings silver back asking the same, under another title:
      // its rows go (those of page 1 too) and it is marked.
      const silver = (await t.service.get('silver'))!;
      await t.store.transaction(async tx => {
        const { changed } =
          await t.store.campaigns.definitions.replaceCampaigns(tx, [
            { ...silver, title: 'Silver, restored' },
          ]);
        for (const campaignId of changed) {
          await t.store.campaigns.progress.deleteProgress(tx, campaignId);
        }
      });
      paused.open();
      await computing;
      // The computation that began before stopped: it would have counted
      // pages 2 and 3 alone. The campaign waits for its own.
      expect(await pendingOf(t.store, 'silver')).toBe(true);
      expect(await t.progress()).toEqual({ counts: [], done: [] });

      await t.service.computePending();
      expect(await pendingOf(t.store, 'silver')).toBe(false);
      expect(await t.progress()).toEqual({
        counts: [
          ['', 5, 2],
          ['group:default/payments', 2, 1],
          ['group:default/search', 3, 1],
        ],
        done: [refOf('b'), refOf('d')],
      });
    });
  },
);
