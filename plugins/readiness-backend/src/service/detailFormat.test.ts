import { Knex } from 'knex';
import {
  bob,
  carol,
  cart,
  base,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';

/** The detail kept for the cart, once its first read has kept one. */
async function keptDetail(knex: Knex) {
  for (let i = 0; i < 500; i++) {
    const row = await knex('readiness_scorecard_details')
      .where('entity_ref', CART)
      .first();
    if (row) return row;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error('no detail was kept');
}

/*
 * During a rolling deploy an instance of the older release may build the
 * detail of a row the newer release wrote: their summaries agree, their
 * details need not (a fix of what a detail shows). A detail kept without
 * the row format of the release reading it is built again, not served.
 */
describe.each(databases.eachSupportedId())('kept details on %s', id => {
  it('serves only a detail kept by a release of its row format', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const first = await api.get(cart).set('Authorization', bob).expect(200);
    const kept = await keptDetail(knex);

    // As an older release keeps it, by the row's fingerprint alone, with
    // what its own engine built.
    const { fingerprint } = await knex('readiness_scorecards')
      .where('entity_ref', CART)
      .first();
    expect(kept.fingerprint).not.toBe(fingerprint);
    const older = { ...JSON.parse(kept.scorecard), title: 'Built elsewhere' };
    await knex('readiness_scorecard_details')
      .where('entity_ref', CART)
      .update({ scorecard: JSON.stringify(older), fingerprint });

    const again = await api.get(cart).set('Authorization', bob).expect(200);
    expect(again.body.scorecard.title).not.toBe('Built elsewhere');
    expect(again.body.scorecard).toEqual(first.body.scorecard);
    // Built again and kept with this release's format.
    await new Promise(resolve => setTimeout(resolve, 100));
    const rebuilt = await keptDetail(knex);
    expect(rebuilt.fingerprint).toBe(kept.fingerprint);
    expect(JSON.parse(rebuilt.scorecard).title).not.toBe('Built elsewhere');
  });

  it('prunes a detail kept by a release of another row format', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    await api.get(cart).set('Authorization', bob).expect(200);
    await keptDetail(knex);
    const store = await storeOn(knex);
    expect(await store.deleteStaleDetails(100)).toBe(0);
    // Keyed by another release's format.
    const { fingerprint } = await knex('readiness_scorecards')
      .where('entity_ref', CART)
      .first();
    await knex('readiness_scorecard_details')
      .where('entity_ref', CART)
      .update({ fingerprint: `${fingerprint}@4` });
    expect(await store.deleteStaleDetails(100)).toBe(1);
    expect(
      await knex('readiness_scorecard_details').where('entity_ref', CART),
    ).toEqual([]);
  });
});
