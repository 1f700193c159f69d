import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessDetector,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import request from 'supertest';
import { storeOn, testComputation } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { detectorsModule } from '../__testUtils__/detectorsModule';
import { smallOrg } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';
import { detectorFailureLog } from './detectorFailureLog';

jest.setTimeout(60_000);

/*
 * A detector contributed by another module that throws on one entity must
 * not stop the full run for the organisation, nor the entity's page: its
 * findings there are left out and the failure is logged, without a line per
 * entity when it fails on every one.
 */

const CHECK = 'support.runbooks';
const BROKEN_ON = 'component:default/cart';

/** Answers the runbook check, but throws on cart. */
const brittle: ReadinessDetector = {
  id: 'brittle-runbooks',
  title: 'Brittle runbooks',
  checkIds: [CHECK],
  detect(entity) {
    if (entity.metadata.name === 'cart') throw new Error('no wiki client');
    return [{ checkId: CHECK, status: 'met', note: 'wiki page found' }];
  },
};

const databases = createTestDatabases();

describe('a contributed detector that throws on an entity', () => {
  it('leaves the full run to score every entity, the others with its findings', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await storeOn(knex);
    const logger = mockServices.logger.mock();
    const entities = smallOrg();
    const computation = testComputation({
      store,
      catalog: catalogServiceMock({ entities }),
      logger,
      engine: new ReadinessEngine(
        buildReadinessModel(),
        [...catalogDetectors, brittle],
        { onDetectorFailure: detectorFailureLog(logger) },
      ),
    });

    const run = await computation.runFull();

    const scored = entities.filter(e =>
      ['Component', 'System', 'Resource'].includes(e.kind),
    ).length;
    expect(run.entities).toBe(scored);
    const statuses = await knex('readiness_scorecards').select('entity_ref');
    expect(statuses).toHaveLength(scored);
    // The status stored per check id.
    const statusOf = async (ref: string) =>
      ((await store.getScorecard(ref)) as any)?.checks?.[CHECK];
    expect(await statusOf('component:default/search')).toBe('met');
    expect(await statusOf(BROKEN_ON)).toBe('unknown');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `Readiness detector brittle-runbooks failed on ${BROKEN_ON}`,
      ),
    );
  });

  it("serves the entity's scorecard through the plugin", async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        detectorsModule('brittle', brittle),
        catalogServiceMock.factory({ entities: smallOrg() }),
        logger.factory,
      ],
    });
    const card = await request(server)
      .get('/api/readiness/entities/component/default/cart')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    expect(
      card.body.scorecard.checks.find((c: any) => c.checkId === CHECK),
    ).toMatchObject({ status: 'unknown' });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('brittle-runbooks failed on'),
    );
  });
});

describe('detectorFailureLog', () => {
  it('logs the first failure of each detector, then one line per ten minutes with the count since', () => {
    const logger = mockServices.logger.mock();
    let now = 0;
    const log = detectorFailureLog(logger, () => now);
    const fail = (detectorId: string, entityRef: string) =>
      log({ detectorId, entityRef, error: new Error('boom') });

    fail('a', 'component:default/one');
    fail('a', 'component:default/two');
    fail('b', 'component:default/one');
    now = 9 * 60_000;
    fail('a', 'component:default/three');
    expect(logger.warn).toHaveBeenCalledTimes(2);

    now = 10 * 60_000;
    fail('a', 'component:default/four');
    expect(logger.warn).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenLastCalledWith(
      'Readiness detector a failed on component:default/four (and on 2 more since it was last reported); its findings there are left out: boom',
    );
  });
});
