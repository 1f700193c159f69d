import { LAST_RUN_STATE, LastRunState } from './lastRunState';
import {
  base,
  bob,
  carol,
  cart,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { storeOn } from '../__testUtils__/computation';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const HOUR_MS = 60 * 60 * 1000;

/*
 * The readiness probe's `lastFullRun` is the last run that read the whole
 * catalog: its age is what an alert on stalled runs watches, so a run that
 * lost the catalog half-way (and stored what it had read) must not reset it.
 */
describe.each(databases.eachSupportedId())('the readiness probe on %s', id => {
  it('ages from the last complete run, not from one that lost the catalog', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    const store = await storeOn(knex);
    const complete = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    await store.setState(LAST_RUN_STATE, {
      startedAt: new Date(Date.now() - 5000).toISOString(),
      finishedAt: new Date().toISOString(),
      completedAt: complete,
      catalogUnreachableSince: complete,
      error: 'connect ECONNREFUSED catalog',
    });
    const { body } = await api.get(`${base}/health/ready`).expect(200);
    expect(body.lastFullRun.finishedAt).toBe(complete);
    expect(body.lastFullRun.ageSeconds).toBeGreaterThanOrEqual(7200);
  });

  it('ages from the run before an outage in a state stored before completedAt was kept', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    const store = await storeOn(knex);
    const before = new Date(Date.now() - 3 * HOUR_MS).toISOString();
    // An older release kept the run before the outage as it was.
    await store.setState(LAST_RUN_STATE, {
      startedAt: before,
      finishedAt: before,
      catalogUnreachableSince: new Date(Date.now() - HOUR_MS).toISOString(),
      error: 'connect ECONNREFUSED catalog',
    });
    const { body } = await api.get(`${base}/health/ready`).expect(200);
    expect(body.lastFullRun.finishedAt).toBe(before);
  });

  it('dates an unchanged scorecard by the last complete run, not by one that lost the catalog', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const store = await storeOn(knex);
    const complete = (await store.getState<LastRunState>(LAST_RUN_STATE))!;
    expect(complete.completedAt).toBeDefined();
    const lost = new Date(Date.now() + HOUR_MS).toISOString();
    await store.setState(LAST_RUN_STATE, {
      ...complete,
      finishedAt: lost,
      catalogUnreachableSince: lost,
      error: 'connect ECONNREFUSED catalog',
    });
    const { body } = await api.get(cart).set('Authorization', bob).expect(200);
    expect(body.scorecard.computedAt).toBe(complete.completedAt);
  });
});
