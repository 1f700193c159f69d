import http, { Server } from 'http';
import { AddressInfo } from 'net';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';
import { waitFor } from '../__testUtils__/waitFor';
import { base, carol, startBackend } from '../__testUtils__/testBackend';
import { AnswerRow } from '../database/recordRows';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/** `count` portal answers: many checks of few entities, so pages end inside an entity's answers. */
function answerRows(count: number): AnswerRow[] {
  return Array.from({ length: count }, (_, i) => ({
    entity_ref: `component:default/svc-${String(i % 97).padStart(3, '0')}`,
    check_id: `check.c${String(Math.floor(i / 97)).padStart(3, '0')}`,
    status: 'met',
    na_reason: null,
    na_text: null,
    evidence_url: null,
    note: `note ${i}`,
    answered_by: 'user:default/alice',
    answered_at: '2026-11-01T09:00:00.000Z',
    reviewed_by: null,
    reviewed_at: null,
    version: 1,
  }));
}

/**
 * About 12 MB of answers: more than the sockets' buffers hold, so the
 * backend reads the later pages only as the client takes the first.
 */
async function insertLargeBackup(knex: Knex) {
  const rows = answerRows(6000).map(r => ({
    ...r,
    note: `${r.note} ${'n'.repeat(1900)}`,
  }));
  for (let i = 0; i < rows.length; i += 100) {
    await knex('readiness_answers').insert(rows.slice(i, i + 100));
  }
}

/** `GET /export` as carol on a socket of its own; `onReply` takes the reply and settles. */
function exportOverSocket<T>(
  server: Server,
  onReply: (
    res: http.IncomingMessage,
    req: http.ClientRequest,
    settle: { resolve: (value: T) => void; reject: (error: unknown) => void },
  ) => void,
): Promise<T> {
  const { port } = server.address() as AddressInfo;
  return new Promise<T>((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `${base}/export`,
        headers: { Authorization: carol },
      },
      res => onReply(res, req, { resolve, reject }),
    );
    req.on('error', reject);
  });
}

describe.each(databases.eachSupportedId())('GET /export, on %s', id => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let audit: Awaited<ReturnType<typeof startBackend>>['audit'];
  let server: Awaited<ReturnType<typeof startBackend>>['server'];

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ api, audit, server } = await startBackend({ knex }));
  });

  it('sends every answer once, in key order, reading the table a page at a time', async () => {
    const rows = answerRows(2300);
    for (let i = 0; i < rows.length; i += 100) {
      await knex('readiness_answers').insert(rows.slice(i, i + 100));
    }
    let body: any;
    const statements = await statementsOf(knex, async () => {
      body = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
    });

    const keys = body.answers.map((a: any) => `${a.entityRef} ${a.checkId}`);
    expect(keys).toHaveLength(2300);
    expect(new Set(keys).size).toBe(2300);
    expect(keys).toEqual(
      rows
        .map(r => `${r.entity_ref} ${r.check_id}`)
        .sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(body.answers[0]).toMatchObject({ source: 'portal', version: 1 });
    expect(body).toMatchObject({
      format: 'readiness-export',
      version: 1,
      roles: [],
      costTables: [],
      exemptions: [],
      campaigns: [],
    });
    // No read of the whole table: every one is a bounded page.
    const reads = statements.filter(s =>
      /from [`"]readiness_answers[`"]/.test(s.sql),
    );
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const read of reads) expect(read.sql).toMatch(/\blimit\b/i);
    await waitFor(() =>
      audit.some(e => e.eventId === 'export' && e.outcome === 'success'),
    );
    expect(
      audit.find(e => e.eventId === 'export' && e.outcome === 'success')?.meta,
    ).toEqual({
      answers: 2300,
      roles: 0,
      costTables: 0,
      exemptions: 0,
      campaigns: 0,
    });
  });

  it('audits an export the client went away from as a failure', async () => {
    // The backend is still sending when the client goes.
    await insertLargeBackup(knex);
    await exportOverSocket<void>(server, (res, req, { resolve }) => {
      expect(res.statusCode).toBe(200);
      // Gone after the first chunk of six.
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    await waitFor(() =>
      audit.some(e => e.eventId === 'export' && e.outcome !== undefined),
    );
    const exports = audit.filter(e => e.eventId === 'export');
    expect(exports.map(e => e.outcome)).toEqual(['failure']);
    expect((exports[0].meta as any).answers).toBeLessThan(6000);
  });

  it('answers an error when the first page cannot be read, and cuts the reply off when a later one cannot', async () => {
    await knex('readiness_answers').insert(answerRows(3));
    await knex.schema.renameTable('readiness_answers', 'answers_away');
    const failed = await api.get(`${base}/export`).set('Authorization', carol);
    expect(failed.status).toBe(500);
    expect(failed.body.error).toBeDefined();

    await knex.schema.renameTable('answers_away', 'readiness_answers');
    // The answers are sent before the roles are read.
    await knex.schema.renameTable('readiness_roles', 'roles_away');
    const cut = await api
      .get(`${base}/export`)
      .set('Authorization', carol)
      .then(
        res => ({ status: res.status, body: res.body }),
        error => ({ error }),
      );
    // Never a whole-looking backup without the roles.
    expect(cut).not.toMatchObject({ status: 200, body: { roles: [] } });
    expect(cut).toHaveProperty('error');
    // Audited once the backend has let go of what it read, after the cut.
    await waitFor(
      () =>
        audit.filter(e => e.eventId === 'export' && e.outcome !== undefined)
          .length === 2,
    );
    expect(
      audit.filter(e => e.eventId === 'export').map(e => e.outcome),
    ).toEqual(['failure', 'failure']);
    await knex.schema.renameTable('roles_away', 'readiness_roles');
  });
});

const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

// Only PostgreSQL lets a write commit while an export reads.
(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'GET /export beside writes, on %p',
  databaseId => {
    it('lets go of a snapshot whose reader stalls: the database ends it, and the pool goes on', async () => {
      const knex = await databases.init(databaseId as any);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      await knex('readiness_answers').insert(answerRows(3));
      const stalled = store.readSnapshot(
        async tx => {
          const pages = store
            .exportPages(1, tx)
            .answers[Symbol.asyncIterator]();
          await pages.next();
          // A client that stopped reading.
          await new Promise(resolve => setTimeout(resolve, 1500));
          await pages.next();
        },
        { idleMs: 500 },
      );
      await expect(stalled).rejects.toThrow(
        /idle-in-transaction|not queryable/,
      );
      const [{ count }] = await knex('readiness_answers').count({ count: '*' });
      expect(Number(count)).toBe(3);
    });

    it('sends the records as they stood when it began: an answer written meanwhile is not in it', async () => {
      const knex = await databases.init(databaseId as any);
      const { server } = await startBackend({ knex });
      await insertLargeBackup(knex);
      const late = { ...answerRows(1)[0], entity_ref: 'component:default/zzz' };

      const text = await exportOverSocket<string>(
        server,
        (res, _req, { resolve, reject }) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => {
            if (!body) {
              // Written after the first page was read, before the last.
              res.pause();
              knex('readiness_answers')
                .insert(late)
                .then(() => res.resume(), reject);
            }
            body += chunk;
          });
          res.on('end', () => resolve(body));
        },
      );

      const backup = JSON.parse(text);
      expect(backup.answers).toHaveLength(6000);
      expect(
        backup.answers.some((a: any) => a.entityRef === late.entity_ref),
      ).toBe(false);
    });
  },
);
