import { ReadinessEngine } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * What `GET /entities/:kind/:namespace/:name` costs, in work rather than
 * time: the first read scores the entity once from its stored inputs and
 * keeps the detail; the reads after it score nothing and ask the database
 * one query (the scorecard, its kept detail and the last run's state).
 */
describe.each(databases.eachSupportedId())('reading a scorecard, on %s', id => {
  afterEach(() => jest.restoreAllMocks());

  it('scores once, then serves the kept detail in one query', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

    const score = jest.spyOn(ReadinessEngine.prototype, 'score');
    const queries: string[] = [];
    knex.on('query', (q: { sql: string }) => queries.push(q.sql));

    const first = await api.get(cart).set('Authorization', bob).expect(200);
    expect(score).toHaveBeenCalledTimes(1);
    // The scorecard, the stored inputs (answers, roles, results, cost tables
    // and open exemptions of the entity and its System, at once) and the
    // kept detail.
    expect(queries.length).toBeLessThanOrEqual(7);

    score.mockClear();
    queries.length = 0;
    const again = await api.get(cart).set('Authorization', bob).expect(200);
    expect(again.body).toEqual(first.body);
    expect(score).not.toHaveBeenCalled();
    expect(queries).toHaveLength(1);
    // The last full run's end is still the time it was confirmed at.
    const { body: probe } = await api.get(`${base}/health/ready`).expect(200);
    expect(again.body.scorecard.computedAt).toBe(probe.lastFullRun.finishedAt);
  });
});
