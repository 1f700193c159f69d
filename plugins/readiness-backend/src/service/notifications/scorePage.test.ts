import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../../__testUtils__/databases';
import { defaultEngine, storeOn } from '../../__testUtils__/computation';
import { smallOrg } from '../../__testUtils__/entities';
import { scorePage } from './scorePage';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CART = 'component:default/cart';

describe.each(databases.eachSupportedId())(
  'scoring a page for notices, on %s',
  id => {
    it('looks up a holder assigned after its catalog lookup, not telling that they left', async () => {
      const store = await storeOn(await databases.init(id));
      const deps = {
        engine: defaultEngine(),
        store,
        catalog: catalogServiceMock({ entities: smallOrg() }),
        auth: mockServices.auth(),
      };
      // Between the page's lookup and its read: bob is made test manager.
      const transaction = store.transaction.bind(store);
      jest
        .spyOn(store, 'transaction')
        .mockImplementationOnce(async (read: any) => {
          await transaction(tx =>
            store.putRole(
              tx,
              CART,
              'test-manager',
              ['user:default/bob'],
              'user:default/alice',
              0,
            ),
          );
          return transaction(read);
        });
      const [scorecard] = await scorePage(deps, [CART], new Date());
      expect(
        scorecard.roles.find(r => r.roleId === 'test-manager'),
      ).toMatchObject({ holders: ['user:default/bob'], problems: [] });
    });
  },
);
