import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { mostRowsWhile } from '../__testUtils__/statements';
import { rescoreChangedSince } from './changedDuringRun';
import { LAST_RUN_STATE } from './lastRunState';
import { ChangedEntity, StoreTransaction } from '../database/ReadinessStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const CHECK = 'scalability.sizing';
const COMPONENTS = 250;

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const components: Entity[] = Array.from({ length: COMPONENTS }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `svc-${i}`, namespace: 'default', etag: `etag-${i}` },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-a',
  },
}));
const refs = components.map(entityRefOf);

/** A store, catalog and computation after a first full run. */
async function afterFirstRun(knex: Awaited<ReturnType<typeof databases.init>>) {
  const store = await storeOn(knex);
  const catalog = catalogServiceMock({ entities: [team, ...components] });
  const computation = testComputation({ store, catalog });
  await computation.runFull();
  return { store, catalog, computation };
}

/**
 * Runs `write` once the next run has written its pages (as an import
 * would), without scoring what it writes; `written()` says whether it did.
 */
function writeAfterPages(
  store: Awaited<ReturnType<typeof storeOn>>,
  write: (tx: StoreTransaction) => Promise<unknown>,
) {
  const updateState = store.updateState.bind(store);
  let written = false;
  jest.spyOn(store, 'updateState').mockImplementation(async (key, update) => {
    await updateState(key, update);
    if (key !== LAST_RUN_STATE || written) return;
    written = true;
    await store.transaction(write);
  });
  return () => written;
}

/** Answers `answered` once the next run has written its pages. */
function answerAfterPages(
  store: Awaited<ReturnType<typeof storeOn>>,
  answered: string[],
) {
  return writeAfterPages(store, async tx => {
    for (const ref of answered) {
      await store.putAnswer(
        tx,
        ref,
        CHECK,
        { status: 'met' },
        'user:default/carol',
        0,
      );
    }
  });
}

/**
 * A full run, and answers to every component written after its pages: the
 * run scores them again. With `abortAfterFirstPage`, the scheduler's
 * timeout strikes once the first page is scored again.
 */
async function runWithLateAnswers(
  knex: Awaited<ReturnType<typeof databases.init>>,
  abortAfterFirstPage = false,
) {
  const { store, catalog, computation } = await afterFirstRun(knex);
  answerAfterPages(store, refs);
  const controller = new AbortController();
  const byRef = jest.spyOn(catalog, 'getEntityByRef');
  const recompute = computation.recomputeMany.bind(computation);
  const recomputeMany = jest
    .spyOn(computation, 'recomputeMany')
    .mockImplementation(async (...args) => {
      const outcome = await recompute(...args);
      if (abortAfterFirstPage) controller.abort();
      return outcome;
    });
  await computation.runFull({ signal: controller.signal });
  const met: string[] = [];
  for (const ref of refs) {
    if ((await store.getScorecard(ref))?.checks[CHECK] === 'met') met.push(ref);
  }
  return { met, byRef, pages: recomputeMany.mock.calls.map(c => c[0].length) };
}

describe.each(databases.eachSupportedId())(
  'entities written during a full run, on %s',
  id => {
    it('are scored again after it, a page of entities to a catalog request', async () => {
      const t = await runWithLateAnswers(await databases.init(id));
      expect(t.met).toHaveLength(COMPONENTS);
      expect(t.byRef).not.toHaveBeenCalled();
      expect(t.pages).toEqual([100, 100, 50]);
    });

    it('leave out those gone from the catalog, with no transaction for them', async () => {
      const { store, computation } = await afterFirstRun(
        await databases.init(id),
      );
      const written = answerAfterPages(store, ['component:default/gone']);
      const recomputeMany = jest.spyOn(computation, 'recomputeMany');
      await computation.runFull();
      expect(written()).toBe(true);
      expect(recomputeMany).not.toHaveBeenCalled();
    });

    it("stop at the scheduler's timeout, leaving the rest to the next run", async () => {
      const t = await runWithLateAnswers(await databases.init(id), true);
      expect(t.pages).toEqual([100]);
      expect(t.met).toHaveLength(100);
    });
  },
);

const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/team-a' },
};
const SHOP = entityRefOf(shop);
const parts: Entity[] = components.slice(0, 3).map(c => ({
  ...c,
  spec: { ...c.spec, system: 'shop' },
  relations: [{ type: 'partOf', targetRef: SHOP }],
}));

describe.each(databases.eachSupportedId())(
  'a System written during a full run, on %s',
  id => {
    /** What is scored again after a run during which `write` ran. */
    async function scoredAfterRunWith(
      write: (
        store: Awaited<ReturnType<typeof storeOn>>,
        tx: StoreTransaction,
      ) => Promise<unknown>,
    ) {
      const store = await storeOn(await databases.init(id));
      const catalog = catalogServiceMock({ entities: [team, shop, ...parts] });
      const computation = testComputation({ store, catalog });
      await computation.runFull();
      const written = writeAfterPages(store, tx => write(store, tx));
      const recompute = computation.recomputeMany.bind(computation);
      const scored: string[] = [];
      jest
        .spyOn(computation, 'recomputeMany')
        .mockImplementation(async (...args) => {
          const outcome = await recompute(...args);
          scored.push(...outcome.scorecards.keys());
          return outcome;
        });
      await computation.runFull();
      expect(written()).toBe(true);
      return scored.sort();
    }

    it('is scored alone after it when its pushed results were written', async () => {
      expect(
        await scoredAfterRunWith((store, tx) =>
          store.putResults(
            tx,
            [{ entityRef: SHOP, checkId: CHECK, status: 'met' }],
            'user:default/ci',
          ),
        ),
      ).toEqual([SHOP]);
    });

    it('is scored with its parts after it when an answer they inherit was written', async () => {
      expect(
        await scoredAfterRunWith((store, tx) =>
          store.putAnswer(
            tx,
            SHOP,
            CHECK,
            { status: 'met' },
            'user:default/carol',
            0,
          ),
        ),
      ).toEqual([SHOP, ...parts.map(entityRefOf)].sort());
    });
  },
);

const historyRef = (i: number) =>
  `component:default/svc-${String(i).padStart(5, '0')}`;
const entityOf = (entityRef: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: entityRef.split('/')[1], namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

function historyRow(entityRef: string) {
  return {
    entity_ref: entityRef,
    subject: 'answer',
    subject_id: 'scalability.sizing',
    action: 'import',
    before: null,
    after: null,
    actor: 'user:default/carol',
    at: '2026-12-01T10:00:00.000Z',
  };
}

describe.each(databases.eachSupportedId())(
  'scoring again what was written during a full run, on %s',
  id => {
    it('reads what an import wrote during the run a page of history at a time, and scores each entity', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      await knex('readiness_history').insert(historyRow(historyRef(99999)));
      const watermark = await store.historyWatermark();
      // An import during the run: an entry per record, table after table
      // (here answers, then roles), 2,500 entities.
      const written = Array.from({ length: 2500 }, (_, i) => historyRef(i));
      for (const subject of ['answer', 'role']) {
        for (let i = 0; i < written.length; i += 250) {
          await knex('readiness_history').insert(
            written
              .slice(i, i + 250)
              .map(ref => ({ ...historyRow(ref), subject })),
          );
        }
      }

      const scored: string[] = [];
      const catalog = {
        getEntitiesByRefs: async ({
          entityRefs,
        }: {
          entityRefs: string[];
        }) => ({
          items: entityRefs.map(entityOf),
        }),
      } as unknown as CatalogService;
      const { result: rescored, mostRows } = await mostRowsWhile(
        knex,
        /readiness_history/,
        () =>
          rescoreChangedSince(
            {
              store,
              catalog,
              credentials: async () => mockCredentials.none(),
              recomputeMany: async entities => {
                scored.push(...entities.map(entityRefOf));
              },
              logger: mockServices.logger.mock(),
            },
            watermark,
          ),
      );
      expect(rescored).toBe(written.length);
      expect(mostRows).toBeGreaterThan(0);
      expect(mostRows).toBeLessThan(written.length);
      // Each once, though its entries are pages apart.
      expect([...scored].sort()).toEqual(written);
      expect(scored).not.toContain(historyRef(99999));
    });

    it('scores an entity again when a later page writes what it hands down', async () => {
      // Page 1: results of 0 and 1, an answer of 2; page 2: a role of 0 and
      // 2, an exemption of 1.
      const store = {
        async *changedEntityPages(): AsyncGenerator<ChangedEntity[]> {
          yield [
            { ref: historyRef(0), tables: ['results'] },
            { ref: historyRef(1), tables: ['results'] },
            { ref: historyRef(2), tables: ['answers'] },
          ];
          yield [
            { ref: historyRef(0), tables: ['roles'] },
            { ref: historyRef(1), tables: ['exemptions'] },
            { ref: historyRef(2), tables: ['roles'] },
          ];
        },
      };
      const calls: [string[], unknown][] = [];
      const rescored = await rescoreChangedSince(
        {
          store,
          catalog: {
            getEntitiesByRefs: async (request: { entityRefs: string[] }) => ({
              items: request.entityRefs.map(entityOf),
            }),
          } as unknown as CatalogService,
          credentials: async () => mockCredentials.none(),
          recomputeMany: async (entities, options) => {
            calls.push([entities.map(entityRefOf), options.writes]);
          },
          logger: mockServices.logger.mock(),
        },
        0,
      );
      expect(calls).toEqual([
        [[historyRef(0), historyRef(1)], ['results']],
        [[historyRef(2)], ['answers']],
        [[historyRef(0)], ['roles']],
      ]);
      expect(rescored).toBe(4);
    });
  },
);
