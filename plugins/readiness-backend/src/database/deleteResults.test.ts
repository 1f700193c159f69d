import { TestDatabaseId } from '@backstage/backend-test-utils';
import { allOf } from '../__testUtils__/backup';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const cart = 'component:default/cart';
const search = 'component:default/search';
const pipeline = 'external:ci-pipeline';

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  await store.transaction(tx =>
    store.putResults(
      tx,
      [
        { entityRef: cart, checkId: 'monitoring.metrics', status: 'met' },
        {
          entityRef: cart,
          checkId: 'security.pen-test',
          status: 'not-met',
          evidenceUrl: 'https://ci.example/run/1',
        },
        { entityRef: cart, checkId: 'recoverability.backups', status: 'met' },
        { entityRef: search, checkId: 'monitoring.metrics', status: 'met' },
      ],
      pipeline,
    ),
  );
  return { knex, store };
}

const checksOf = async (store: DatabaseReadinessStore, ref: string) =>
  ((await store.getResults([ref])).get(ref) ?? []).map(r => r.checkId).sort();

describe.each(databases.eachSupportedId())(
  'DatabaseReadinessStore.deleteResults on %s',
  id => {
    it('deletes only the named checks of one entity and records each deletion', async () => {
      const { store } = await setup(id);
      const deleted = await store.transaction(tx =>
        store.deleteResults(
          tx,
          cart,
          ['security.pen-test', 'monitoring.metrics', 'scalability.sizing'],
          'user:default/alice',
        ),
      );
      expect(deleted).toBe(2);
      expect(await checksOf(store, cart)).toEqual(['recoverability.backups']);
      expect(await checksOf(store, search)).toEqual(['monitoring.metrics']);

      const history = await store.getHistory(cart, 10);
      const deletions = history.filter(h => h.action === 'delete');
      expect(deletions.map(h => h.subjectId).sort()).toEqual([
        'monitoring.metrics',
        'security.pen-test',
      ]);
      expect(
        deletions.find(h => h.subjectId === 'security.pen-test'),
      ).toMatchObject({
        entityRef: cart,
        subject: 'result',
        actor: 'user:default/alice',
        after: null,
        before: {
          checkId: 'security.pen-test',
          status: 'not-met',
          source: 'automatic',
          answeredBy: pipeline,
          evidenceUrl: 'https://ci.example/run/1',
        },
      });
      expect(await store.getHistory(search, 10)).toHaveLength(1);
    });

    it('deletes every result of the entity without check ids, and nothing twice', async () => {
      const { store } = await setup(id);
      const watermark = await store.historyWatermark();
      expect(
        await store.transaction(tx =>
          store.deleteResults(tx, cart, undefined, pipeline),
        ),
      ).toBe(3);
      expect(await checksOf(store, cart)).toEqual([]);
      expect(await checksOf(store, search)).toEqual(['monitoring.metrics']);
      expect(
        await store.transaction(tx =>
          store.deleteResults(tx, cart, undefined, pipeline),
        ),
      ).toBe(0);
      expect(
        await store.transaction(tx =>
          store.deleteResults(tx, 'component:default/none', [], pipeline),
        ),
      ).toBe(0);
      expect(await allOf(store.changedEntityPages(watermark, 100))).toEqual([
        { ref: cart, tables: ['results'] },
      ]);
      expect(
        (await store.getHistory(cart, 10)).filter(h => h.action === 'delete'),
      ).toHaveLength(3);
    });

    it('keeps the results and the history when the transaction fails', async () => {
      const { store } = await setup(id);
      const watermark = await store.historyWatermark();
      await expect(
        store.transaction(async tx => {
          await store.deleteResults(tx, cart, undefined, pipeline);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await checksOf(store, cart)).toHaveLength(3);
      expect(await store.historyWatermark()).toBe(watermark);
    });
  },
);
