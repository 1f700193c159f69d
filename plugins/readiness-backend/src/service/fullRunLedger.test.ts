import { storeOn } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { gate } from '../__testUtils__/races';
import { FullRunLedger } from './fullRunLedger';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * Freshness passes and full runs are scheduled tasks, one at a time across
 * instances, until one outlives its scheduler timeout: then the next starts
 * beside it. Overlapping, neither may lose the other's count.
 */
describe.each(databases.eachSupportedId())('the full-run ledger, %p', id => {
  const setup = async () =>
    new FullRunLedger(await storeOn(await databases.init(id)));

  it('counts every one of overlapping requests', async () => {
    const ledger = await setup();
    await Promise.all([ledger.request(), ledger.request(), ledger.request()]);
    expect(await ledger.status()).toEqual({ requested: 3, fulfilled: 0 });
  });

  it('keeps the requests a later run fulfilled when an earlier run ends last', async () => {
    const ledger = await setup();
    await ledger.request();
    const slow = gate();
    const earlier = ledger.track(async () => {
      slow.reach();
      await slow.opened;
      return {};
    });
    await slow.arrived;
    await ledger.request();
    await ledger.track(async () => ({}));
    expect(await ledger.status()).toEqual({ requested: 2, fulfilled: 2 });

    slow.open();
    await earlier;
    const status = await ledger.status();
    expect(status).toEqual({ requested: 2, fulfilled: 2 });
    expect(FullRunLedger.pending(status)).toBe(false);
  });
});
