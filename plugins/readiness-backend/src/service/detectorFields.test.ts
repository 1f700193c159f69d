import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessDetector,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { ENTITY_FIELDS } from './catalogLookup';

jest.setTimeout(60_000);

/*
 * A contributed detector is a function of the entity. It must see the same
 * entity whichever path scores it: the full run reads whole bodies from the
 * catalog, writes and the freshness pass read the fields scoring reads, and
 * a status that changed with the path would flip from run to write.
 */

const CHECK = 'support.runbooks';

/** Met when it sees a tier label; not met when it sees more than scoring reads (a description). */
const fieldProbe: ReadinessDetector = {
  id: 'field-probe',
  title: 'Field probe',
  checkIds: [CHECK],
  detect(entity) {
    if (entity.metadata.description !== undefined) {
      return [{ checkId: CHECK, status: 'not-met', note: 'saw more' }];
    }
    return entity.metadata.labels?.tier
      ? [{ checkId: CHECK, status: 'met', note: 'tier labelled' }]
      : [];
  },
};

const databases = createTestDatabases();

it('a detector sees the same entity in a full run as in a write', async () => {
  const knex = await databases.init('SQLITE_3');
  const store = await storeOn(knex);
  const entities = smallOrg().map(e =>
    e.metadata.name === 'cart'
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            labels: { tier: 'one' },
            description: 'The basket',
          },
        }
      : e,
  );
  const catalog = catalogServiceMock({ entities });
  const computation = testComputation({
    store,
    catalog,
    engine: new ReadinessEngine(buildReadinessModel(), [
      ...catalogDetectors,
      fieldProbe,
    ]),
  });
  const ref = 'component:default/cart';
  const statusOf = async () =>
    ((await store.getScorecard(ref)) as any)?.checks?.[CHECK];

  await computation.runFull();
  expect(await statusOf()).toBe('met');

  // A write scores the body read with the fields scoring reads.
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: [ref], fields: ENTITY_FIELDS },
    { credentials: mockCredentials.service() },
  );
  const { scorecard } = await computation.recompute(items[0] as Entity);
  expect(scorecard?.checks.find(c => c.checkId === CHECK)?.status).toBe('met');
});
