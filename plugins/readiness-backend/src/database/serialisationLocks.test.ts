import { TestDatabaseId } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { READINESS_MIGRATIONS } from './migrations';
import { deleteLocksBefore, lockKeys } from './serialisationLocks';
import { settledWithin } from '../__testUtils__/races';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await knex.migrate.latest(READINESS_MIGRATIONS);
  return knex;
}

/** Starts a transaction and hands it out, to commit or roll back later. */
async function open(knex: Knex): Promise<Knex.Transaction> {
  return knex.transaction();
}

describe.each(databases.eachSupportedId())('lockKeys on %s', id => {
  it.each([
    ['a key no writer has locked before', false],
    ['a key locked before', true],
  ])(
    'makes a second writer of %s wait until the first commits',
    async (_, existing) => {
      const knex = await setup(id);
      const key = 'component:default/cart';
      if (existing) await knex.transaction(tx => lockKeys(tx, [key]));

      const first = await open(knex);
      await lockKeys(first, [key, 'system:default/shop']);
      const order: string[] = [];
      const second = knex.transaction(async tx => {
        await lockKeys(tx, [key]);
        order.push('second locked');
      });
      expect(await settledWithin(second, 300)).toBe(false);
      order.push('first commits');
      await first.commit();
      await second;
      expect(order).toEqual(['first commits', 'second locked']);
      expect(
        (await knex('readiness_locks').orderBy('lock_key')).map(
          r => r.lock_key,
        ),
      ).toEqual([key, 'system:default/shop']);
    },
  );

  it('forgets keys not locked since, but not one a writer holds meanwhile', async () => {
    const knex = await setup(id);
    const held = 'component:default/cart';
    const idle = 'component:default/gone';
    await knex.transaction(tx => lockKeys(tx, [held, idle]));
    const cutoff = new Date(Date.now() + 60_000).toISOString();

    const writer = await open(knex);
    // Locked again after the cutoff: its row now says so, uncommitted.
    jest.useFakeTimers({
      now: Date.now() + 120_000,
      doNotFake: ['setTimeout'],
    });
    await lockKeys(writer, [held]);
    jest.useRealTimers();
    const deleting = deleteLocksBefore(knex, cutoff);
    expect(await settledWithin(deleting, 300)).toBe(false);
    await writer.commit();
    expect(await deleting).toBe(1);
    expect(await knex('readiness_locks').pluck('lock_key')).toEqual([held]);
  });

  it('holds across backend instances sharing the database', async () => {
    const knex = await setup(id);
    // Another instance has its own connection pool (SQLite: one database
    // per client, so the same client stands in for it).
    const other =
      id === 'SQLITE_3' ? knex : knexFactory(knex.client.config as Knex.Config);
    try {
      const first = await open(knex);
      await lockKeys(first, ['system:default/shop']);
      const second = other.transaction(tx =>
        lockKeys(tx, ['component:default/cart', 'system:default/shop']),
      );
      expect(await settledWithin(second, 300)).toBe(false);
      await first.commit();
      await expect(second).resolves.toBeUndefined();
    } finally {
      if (other !== knex) await other.destroy();
    }
  });

  it('lets writers of other keys through, and never deadlocks on shared keys in any order', async () => {
    const knex = await setup(id);
    const first = await open(knex);
    await lockKeys(first, ['component:default/a']);
    // Another key is not held up (SQLite has one connection: nothing to see).
    const through =
      id === 'SQLITE_3' ||
      (await settledWithin(
        knex.transaction(tx => lockKeys(tx, ['component:default/b'])),
        5_000,
      ));
    expect(through).toBe(true);
    await first.commit();

    const keys = Array.from({ length: 8 }, (_, i) => `component:default/k${i}`);
    const writers = Array.from({ length: 10 }, (_, i) =>
      knex.transaction(async tx => {
        // Each writer names the keys in another order.
        const mine = [...keys].sort(() => (i % 2 ? 1 : -1));
        await lockKeys(tx, i % 3 ? mine : [...mine].reverse());
        await new Promise(resolve => setTimeout(resolve, 10));
      }),
    );
    await expect(Promise.all(writers)).resolves.toHaveLength(10);
  });

  it('goes away when migrating down', async () => {
    const knex = await setup(id);
    expect(await knex.schema.hasTable('readiness_locks')).toBe(true);
    await knex.migrate.down({
      ...READINESS_MIGRATIONS,
      name: '20261201000000_locks.js',
    });
    expect(await knex.schema.hasTable('readiness_locks')).toBe(false);
    expect(await knex.schema.hasTable('readiness_answers')).toBe(true);
    await knex.migrate.latest(READINESS_MIGRATIONS);
    expect(await knex.schema.hasTable('readiness_locks')).toBe(true);
  });
});
