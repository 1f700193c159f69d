/*
 * The restore drill of docs/runbooks/backup-and-restore.md, run on every
 * change: a readiness database in use (answers, roles, an exemption, a
 * campaign, a cost table, scorecards, rollups, snapshots, history) is backed
 * up with `pg_dump -Fc`, restored with `pg_restore` into a database of its
 * own, and the restored data is checked table by table and through a
 * backend started on it. PostgreSQL only: it is the production database,
 * and pg_dump is its tool. Needs pg_dump and pg_restore on the PATH.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const run = promisify(execFile);
const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const DAY_MS = 24 * 60 * 60 * 1000;

/** The server's address, without a database, from the tests' variable. */
function serverUrl(id: string): string {
  const version = id.replace('POSTGRES_', '');
  return process.env[
    `BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING`
  ]!.replace(/\/+$/, '');
}

/** Everything a portal stores, written as its users and admins would. */
async function useThePortal(
  api: Awaited<ReturnType<typeof startBackend>>['api'],
) {
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  await api
    .put(`${cart}/answers/scalability.sizing`)
    .set('Authorization', alice)
    .send({ status: 'met', version: 0 })
    .expect(200);
  await api
    .put(`${cart}/roles/test-manager`)
    .set('Authorization', alice)
    .send({ holders: ['user:default/bob'], version: 0 })
    .expect(200);
  const { body } = await api
    .post(`${cart}/exemptions`)
    .set('Authorization', alice)
    .send({
      checkId: 'recoverability.restore-test',
      reasonCode: 'planned-remediation',
      reasonText: 'Restore drill booked with the DBA team',
      endsOn: new Date(Date.now() + 60 * DAY_MS).toISOString().slice(0, 10),
    })
    .expect(201);
  await api
    .post(`${cart}/exemptions/${body.exemption.id}/approve`)
    .set('Authorization', bob)
    .send({ version: 1 })
    .expect(200);
  await api
    .post(`${base}/campaigns`)
    .set('Authorization', carol)
    .send({
      title: 'Metrics everywhere',
      filter: { kinds: ['component'] },
      target: { checks: ['monitoring.metrics'] },
      startDate: '2026-11-01',
      deadline: '2027-03-31',
    })
    .expect(201);
  await api
    .put(`${cart}/cost`)
    .set('Authorization', alice)
    .send({
      currency: 'EUR',
      date: '2026-11-01',
      assumptions: 'managed PostgreSQL',
      tiers: [
        { users: 0, monthlyCost: 450 },
        { users: 1000, monthlyCost: 2100 },
      ],
      version: 0,
    })
    .expect(200);
  // Read once: the detail built on a first read is kept, and backed up.
  await api.get(cart).set('Authorization', carol).expect(200);
}

/** Every row of every table of the database, as JSON text, in a stable order. */
async function contents(knex: Knex): Promise<Record<string, string[]>> {
  const tables = await knex('pg_tables')
    .where({ schemaname: 'public' })
    .orderBy('tablename')
    .pluck('tablename');
  const all: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await knex.raw(
      `select row_to_json(t)::text as row from "${table}" t`,
    );
    all[table] = rows.map((r: { row: string }) => r.row).sort();
  }
  return all;
}

/** What the backend serves of the data: the export, the cart's readiness, its exemptions, the campaigns. */
async function served(api: Awaited<ReturnType<typeof startBackend>>['api']) {
  const get = async (url: string) =>
    (await api.get(url).set('Authorization', carol).expect(200)).body;
  const { exportedAt, ...exported } = await get(`${base}/export`);
  const { campaigns, ...scorecard } = await get(cart);
  return {
    exported,
    scorecard,
    exemptions: await get(`${cart}/exemptions`),
    campaigns: await get(`${base}/campaigns`),
    rollups: await get(`${base}/rollups?by=group`),
    history: await get(`${cart}/history`),
  };
}

(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'the restore drill on %s',
  id => {
    it('restores a pg_dump of a portal in use into a database of its own, with every row and reply as before', async () => {
      const knex = await databases.init(id as any);
      // The same catalog before and after: the restored backend reads it.
      const entities = smallOrg();
      const { api } = await startBackend({ knex, entities });
      await useThePortal(api);
      const source = await knex.raw('select current_database() as name');
      const sourceName: string = source.rows[0].name;
      const url = serverUrl(id as string);

      const dir = mkdtempSync(path.join(tmpdir(), 'readiness-restore-'));
      const dump = path.join(dir, 'readiness.dump');
      const restoredName = `${sourceName}_restored`;
      const admin = knexFactory({
        client: 'pg',
        connection: `${url}/postgres`,
      });
      let restored: Knex | undefined;
      try {
        // The nightly backup of the runbook, while the backend runs.
        await run('pg_dump', ['-Fc', '-d', `${url}/${sourceName}`, '-f', dump]);
        await admin.raw(`create database "${restoredName}"`);
        await run('pg_restore', [
          '--no-owner',
          '-d',
          `${url}/${restoredName}`,
          dump,
        ]);
        restored = knexFactory({
          client: 'pg',
          connection: `${url}/${restoredName}`,
        });

        const before = await contents(knex);
        expect(Object.keys(before)).toEqual(
          expect.arrayContaining([
            'readiness_answers',
            'readiness_exemptions',
            'readiness_campaigns',
            'readiness_cost_tables',
            'readiness_scorecards',
            'readiness_rollups',
          ]),
        );
        expect(await contents(restored)).toEqual(before);

        // A backend started on the restored database serves what the first did.
        const again = await startBackend({ knex: restored, entities });

        expect(await served(again.api)).toEqual(await served(api));
      } finally {
        await restored?.destroy();
        await admin.raw(
          `drop database if exists "${restoredName}" with (force)`,
        );
        await admin.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
