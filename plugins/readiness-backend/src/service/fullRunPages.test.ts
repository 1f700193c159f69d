import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { ReadinessComputation } from './ReadinessComputation';

jest.setTimeout(120_000);

const databases = createTestDatabases();

async function setup(id: TestDatabaseId, pageSize: number) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  const edit = editableCatalog(smallOrg());
  const computation = new ReadinessComputation({
    engine: new ReadinessEngine(buildReadinessModel(), catalogDetectors),
    store,
    catalog: edit.catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    snapshotRetentionDays: 400,
    now: () => new Date('2026-12-01T12:00:00Z'),
    fullRunPageSize: pageSize,
  });
  /** The statements run while `fn` runs. */
  const statements = async (fn: () => Promise<unknown>) => {
    const sql: string[] = [];
    const onQuery = (q: { sql: string }) => sql.push(q.sql);
    knex.on('query', onQuery);
    try {
      await fn();
    } finally {
      knex.removeListener('query', onQuery);
    }
    return sql;
  };
  return { store, computation, statements };
}

const from = (table: string) => new RegExp(`from [\`"]?${table}[\`"]?`, 'i');

describe.each(databases.eachSupportedId())(
  "how the full run's pages reach the database, on %s",
  id => {
    it('checks which entities did not change for several pages at once: one statement per table, not one per page', async () => {
      const t = await setup(id, 1);
      const first = await t.computation.runFull();
      // Pages of one entity: several pages.
      expect(first.entities).toBeGreaterThan(2);
      await t.computation.runFull();

      const sql = await t.statements(() => t.computation.runFull());
      const scorecardReads = sql.filter(
        s => from('readiness_scorecards').test(s) && /input_basis/.test(s),
      );
      expect(scorecardReads).toHaveLength(1);
      expect(sql.filter(s => from('readiness_answers').test(s))).toHaveLength(
        // The Systems' answers (pass 1), then the entities'.
        2,
      );
    });
  },
);
