import { mockCredentials } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { ReadinessStore } from '../database/ReadinessStore';
import { FullRunCatalog } from './fullRunCatalog';
import { readOrganisation } from './fullRunOrganisation';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Resolves when `signal` does; rejects, naming what never happened, after a while. */
function within<T>(signal: Promise<T>, what: string) {
  return Promise.race([
    signal,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`never happened: ${what}`)), 5_000),
    ),
  ]);
}

describe.each(databases.eachSupportedId())(
  'pass 1 of a full run, on %s',
  id => {
    it("reads what Systems hand down while the scorable entities' stream is still open", async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      let systemsRead!: () => void;
      const systemsReadStarted = new Promise<void>(r => (systemsRead = r));
      // The Systems' stored answers are the first thing read of what they hand down.
      const watchedStore = new Proxy(store, {
        get(target, prop) {
          const value = Reflect.get(target, prop);
          if (typeof value !== 'function') return value;
          if (prop !== 'getAnswers') return value.bind(target);
          return (...args: unknown[]) => {
            systemsRead();
            return value.apply(target, args);
          };
        },
      }) as ReadinessStore;
      // The scorable kinds' stream sends nothing until that read has begun.
      const { catalog } = editableCatalog(smallOrg());
      const heldCatalog = new Proxy(catalog, {
        get(target, prop) {
          const value = Reflect.get(target, prop);
          if (prop !== 'streamEntities') return value;
          return async function* stream(...args: any[]) {
            if (args[0].filter.kind.includes('component')) {
              await within(systemsReadStarted, "the Systems' records read");
            }
            yield* value.apply(target, args);
          };
        },
      }) as CatalogService;

      const org = await readOrganisation({
        engine: new ReadinessEngine(buildReadinessModel(), catalogDetectors),
        store: watchedStore,
        catalog: new FullRunCatalog(heldCatalog, mockCredentials.service()),
        transaction: fn => store.transaction(fn),
      });

      expect([...org.inheritables.keys()]).toEqual(['system:default/shop']);
      expect(org.scorable.refs).toEqual(
        expect.arrayContaining([
          'component:default/cart',
          'component:default/search',
          'system:default/shop',
        ]),
      );
    });
  },
);
