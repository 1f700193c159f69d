import { mockServices } from '@backstage/backend-test-utils';
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
import { FreshnessPass, FreshnessStore } from './freshnessPass';
import { ReadinessComputation } from './ReadinessComputation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);

describe.each(databases.eachSupportedId())('the freshness pass on %s', id => {
  it("reads both sets of stored etags while the catalog's first page is asked for", async () => {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const world = editableCatalog(smallOrg());
    const computation = new ReadinessComputation({
      engine,
      store,
      catalog: world.catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      snapshotRetentionDays: 400,
    });
    await computation.runFull();

    // Each of the three reads waits until all three have begun.
    const begun = new Set<string>();
    let allBegun!: () => void;
    const together = new Promise<void>(resolve => (allBegun = resolve));
    const begin = async (read: string) => {
      begun.add(read);
      if (begun.size === 3) allBegun();
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`only ${[...begun]} began at once`)),
          5_000,
        ),
      );
      await Promise.race([together, timeout]);
    };
    const catalog = new Proxy(world.catalog, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== 'streamEntities') return value;
        return async function* stream(...args: unknown[]) {
          await begin('catalog page');
          yield* value.apply(target, args);
        };
      },
    }) as CatalogService;
    const heldStore = new Proxy(store, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        if (prop !== 'getScorecardEtags' && prop !== 'getCatalogFactEtags') {
          return value.bind(target);
        }
        return async () => {
          await begin(prop);
          return value.apply(target);
        };
      },
    }) as FreshnessStore;

    const result = await new FreshnessPass({
      engine,
      store: heldStore,
      computation,
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    }).run();

    expect(result.error).toBeUndefined();
    // The first pass compares every entity and records the facts of each.
    expect(result).toMatchObject({
      entities: world.state.entities.length,
      changed: world.state.entities.length,
      recomputed: 0,
    });
  });
});
