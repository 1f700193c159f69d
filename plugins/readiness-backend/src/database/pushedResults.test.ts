import { PushedResult } from './ReadinessStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';
const CHECK = 'security.pen-test';
const PIPELINE = 'external:ci-pipeline';

describe.each(databases.eachSupportedId())('pushed results on %s', id => {
  it('renew their date when pushed again unchanged, and add to the history only when something changed', async () => {
    const store = await storeOn(await databases.init(id));
    const push = (results: PushedResult[], by = PIPELINE) =>
      store.transaction(tx => store.putResults(tx, results, by));
    const result = async () => (await store.getResults([CART])).get(CART)![0];
    const changes = async () =>
      (await store.getHistory(CART, 100)).filter(h => h.subject === 'result');
    const met: PushedResult = {
      entityRef: CART,
      checkId: CHECK,
      status: 'met',
      evidenceUrl: 'https://ci.example/run/1',
    };

    await push([met]);
    const first = await result();
    expect(await changes()).toHaveLength(1);

    // Every build pushes the same result: its date moves, the history not.
    await new Promise(resolve => setTimeout(resolve, 5));
    await push([met]);
    await push([met]);
    expect((await result()).answeredAt! > first.answeredAt!).toBe(true);
    expect(await changes()).toHaveLength(1);

    // What changes is recorded: the evidence, the status, who pushed it.
    await push([{ ...met, evidenceUrl: 'https://ci.example/run/2' }]);
    await push([
      { ...met, evidenceUrl: 'https://ci.example/run/2', status: 'not-met' },
    ]);
    await push(
      [{ ...met, evidenceUrl: 'https://ci.example/run/2', status: 'not-met' }],
      'external:nightly',
    );
    const recorded = await changes();
    expect(recorded).toHaveLength(4);
    expect(recorded[0]).toMatchObject({
      actor: 'external:nightly',
      before: { status: 'not-met', answeredBy: PIPELINE },
    });
  });

  it('keeps the last of two results for one check in one push, as if pushed one by one', async () => {
    const store = await storeOn(await databases.init(id));
    await store.transaction(tx =>
      store.putResults(
        tx,
        [
          { entityRef: CART, checkId: CHECK, status: 'met' },
          { entityRef: CART, checkId: CHECK, status: 'not-met' },
          { entityRef: CART, checkId: 'monitoring.metrics', status: 'met' },
        ],
        PIPELINE,
      ),
    );
    const results = (await store.getResults([CART])).get(CART)!;
    expect(results.map(r => `${r.checkId} ${r.status}`).sort()).toEqual([
      'monitoring.metrics met',
      `${CHECK} not-met`,
    ]);
    const history = await store.getHistory(CART, 10);
    expect(
      history.map(h => `${h.subjectId} ${(h.after as any)?.status}`).sort(),
    ).toEqual(['monitoring.metrics met', `${CHECK} not-met`]);
  });
});
