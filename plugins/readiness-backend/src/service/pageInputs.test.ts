import { entityRefOf } from '@prodready/plugin-readiness-common';
import { defaultEngine, storeOn } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { lockedPageInputs } from './pageInputs';
import { RefLookups } from './refLookups';
import { inheritablesOf } from './scoringInputs';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SHOP = 'system:default/shop';
const SEARCH = 'component:default/search';

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
        lookups: { unresolved: () => [] } as unknown as RefLookups,
      };
      await store.transaction(tx =>
        store.putAnswer(
          tx,
          SHOP,
          'scalability.sizing',
          { status: 'met' },
          'user:default/carol',
          0,
        ),
      );
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
  },
);
