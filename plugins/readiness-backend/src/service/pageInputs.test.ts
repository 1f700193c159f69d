import { entityRefOf } from '@prodready/plugin-readiness-common';
import { defaultEngine, storeOn } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { FullRunCatalog } from './fullRunCatalog';
import { lockedPageInputs, refreshStale } from './pageInputs';
import { ReadinessStore } from '../database/ReadinessStore';
import { RefLookups } from './refLookups';
import { inheritablesOf } from './scoringInputs';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SHOP = 'system:default/shop';
const SEARCH = 'component:default/search';

/** A write that stores an answer of the System, as another instance would. */
const answerForShop = (store: ReadinessStore) =>
  store.transaction(tx =>
    store.putAnswer(
      tx,
      SHOP,
      'scalability.sizing',
      { status: 'met' },
      'user:default/carol',
      0,
    ),
  );

describe.each(databases.eachSupportedId())(
  "a full-run page's inputs on %s",
  id => {
    it('are read again when their System moved, though another page already read it again', async () => {
      const store = await storeOn(await databases.init(id));
      const engine = defaultEngine();
      const byRef = new Map(smallOrg().map(e => [entityRefOf(e), e]));
      const shop = byRef.get(SHOP)!;
      const handDown = () =>
        store.transaction(tx => inheritablesOf(store, engine, tx, [shop]));
      // As the run's first pass read it; then a write moves the System.
      const org = {
        inheritables: await handDown(),
        absentSystems: new Set<string>(),
        lookups: { unresolved: () => [] } as unknown as RefLookups,
      };
      await answerForShop(store);
      const fresh = await handDown();
      // Another page in flight reads the System again once this page has
      // built its inputs with the old hand-down, as it checks the System.
      const getAnswers = store.getAnswers.bind(store);
      jest.spyOn(store, 'getAnswers').mockImplementation(async (refs, tx) => {
        const answers = await getAnswers(refs, tx);
        if (Array.isArray(refs) && refs.includes(SHOP)) {
          org.inheritables.set(SHOP, fresh.get(SHOP)!);
        }
        return answers;
      });

      const page = await store.transaction(tx =>
        lockedPageInputs(store, tx, [byRef.get(SEARCH)!], org, false),
      );
      expect(page).toEqual({ stale: { holders: [], systems: [SHOP] } });
    });

    it('are read again when their System joined the catalog since the first pass and now has records', async () => {
      const store = await storeOn(await databases.init(id));
      const engine = defaultEngine();
      const byRef = new Map(smallOrg().map(e => [entityRefOf(e), e]));
      // The first pass did not see the System; a write, which reads it
      // from the catalog, hands its answer down to its parts.
      const org = {
        inheritables: new Map(),
        absentSystems: new Set<string>(),
        lookups: {
          unresolved: () => [],
          resolve: async () => {},
        } as unknown as RefLookups,
      };
      const page = () =>
        store.transaction(tx =>
          lockedPageInputs(store, tx, [byRef.get(SEARCH)!], org, false),
        );
      expect(await page()).toHaveProperty('inputs');
      await answerForShop(store);
      expect(await page()).toEqual({ stale: { holders: [], systems: [SHOP] } });

      const transaction = <T>(fn: (tx: any) => Promise<T>) =>
        store.transaction(fn);
      const catalogWith = (systems: typeof byRef) =>
        ({
          bodies: async (refs: string[]) =>
            refs.flatMap(ref => (systems.has(ref) ? [systems.get(ref)!] : [])),
        } as unknown as FullRunCatalog);
      const deps = { store, engine, transaction };
      // Read again, the page is scored with the System's answer.
      await refreshStale({ ...deps, catalog: catalogWith(byRef) }, org, {
        holders: [],
        systems: [SHOP],
      });
      const inputs = await page();
      expect(inputs).toHaveProperty('inputs');
      expect(
        'inputs' in inputs &&
          inputs.inputs[0].system?.answers.get('scalability.sizing'),
      ).toMatchObject({ status: 'met' });

      // Gone from the catalog, it is not asked for again on every page.
      await refreshStale({ ...deps, catalog: catalogWith(new Map()) }, org, {
        holders: [],
        systems: [SHOP],
      });
      expect(org.inheritables.has(SHOP)).toBe(false);
      expect(await page()).toHaveProperty('inputs');
    });
  },
);
