import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { startTcpProxy } from '../__testUtils__/tcpProxy';
import {
  alice,
  base,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(90_000);

const databases = createTestDatabases();
// An outage needs a database server to lose: PostgreSQL (a SQLite file cannot go away).
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

/** The connection settings of a test database, pointed at another port. */
function throughPort(knex: Knex, port: number): Knex.Config['connection'] {
  const connection = knex.client.config.connection;
  if (typeof connection === 'string') {
    const url = new URL(connection);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  }
  return { ...connection, host: '127.0.0.1', port };
}

(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'while the database is unreachable (%p)',
  databaseId => {
    it('answers 503, reports it in the readiness probe, and recovers without a restart', async () => {
      const direct = await databases.init(databaseId as any);
      const { hostname, port } = new URL(
        typeof direct.client.config.connection === 'string'
          ? direct.client.config.connection
          : `postgresql://${direct.client.config.connection.host}:${direct.client.config.connection.port}`,
      );
      const proxy = await startTcpProxy({
        host: hostname,
        port: Number(port) || 5432,
      });
      const knex = knexFactory({
        client: 'pg',
        connection: throughPort(direct, proxy.port),
        pool: { min: 0, max: 5 },
        acquireConnectionTimeout: 5_000,
      });
      try {
        const { api } = await startBackend({ knex });
        await api
          .post(`${base}/compute`)
          .set('Authorization', carol)
          .expect(202);
        const ready = await api.get(`${base}/health/ready`).expect(200);
        expect(ready.body).toMatchObject({ status: 'ok', database: 'ok' });
        expect(ready.body.lastFullRun.ageSeconds).toBeGreaterThanOrEqual(0);

        await proxy.stop();
        const rollups = await api
          .get(`${base}/rollups`)
          .set('Authorization', alice)
          .expect(503);
        expect(rollups.body.error.message).toMatch(
          /readiness database cannot be reached/,
        );
        await api
          .put(`${cart}/answers/scalability.sizing`)
          .set('Authorization', alice)
          .send({ status: 'met', version: 0 })
          .expect(503);
        // The actions (for agents, through their registry's own router) alike,
        // without the driver's error, which names the database's address.
        for (const [name, input] of [
          ['get-entity-scorecard', { entityRef: 'cart' }],
          [
            'answer-check',
            {
              entityRef: 'cart',
              checkId: 'scalability.sizing',
              status: 'met',
              version: 0,
            },
          ],
        ] as const) {
          const action = await api
            .post(
              `${base}/.backstage/actions/v1/actions/readiness:${name}/invoke`,
            )
            .set('Authorization', alice)
            .send(input)
            .expect(503);
          expect(action.body.error.message).toMatch(
            /readiness database cannot be reached/,
          );
          expect(JSON.stringify(action.body)).not.toContain(String(proxy.port));
        }
        const probe = await api.get(`${base}/health/ready`).expect(503);
        expect(probe.body).toMatchObject({
          status: 'unavailable',
          database: 'unreachable',
        });
        // Liveness stays: the process itself is fine.
        await api.get(`${base}/health`).expect(200);

        await proxy.start();
        await api
          .get(`${base}/rollups`)
          .set('Authorization', alice)
          .expect(200);
        await api
          .put(`${cart}/answers/scalability.sizing`)
          .set('Authorization', alice)
          .send({ status: 'met', version: 0 })
          .expect(200);
        await api.get(`${base}/health/ready`).expect(200);
      } finally {
        await proxy.stop().catch(() => undefined);
        await knex.destroy();
      }
    });
  },
);
