import { Knex } from 'knex';
import {
  ReadinessExemption,
  StoredAnswer,
  StoredCostTable,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { storeOn } from '../__testUtils__/computation';
import { mostRowsWhile } from '../__testUtils__/statements';
import { createTestDatabases } from '../__testUtils__/databases';
import { fromExemption } from './exemptionRows';
import { fromAnswer, fromRole } from './recordRows';

jest.setTimeout(180_000);

const databases = createTestDatabases();

/** More records of each kind than a page of the import's reads. */
const STORED = 2500;
const ACTOR = 'user:default/carol';
const AT = '2026-11-30T10:00:00.000Z';

/** Names as catalogs spell them: a page of the keyset ends anywhere among them. */
const ref = (i: number) =>
  `component:default/svc${'-_.'[i % 3]}${String(i).padStart(5, '0')}`;
/** Three answers an entity: a page of answers ends inside an entity's. */
const CHECKS = [
  'cost.baseline-cost',
  'monitoring.metrics',
  'scalability.sizing',
];

const answer = (i: number, checkId: string, status = 'met'): StoredAnswer => ({
  entityRef: ref(i),
  checkId,
  status: status as StoredAnswer['status'],
  source: 'portal',
  answeredBy: 'user:default/alice',
  answeredAt: AT,
  version: 3,
});
const role = (i: number): StoredRoleAssignment => ({
  entityRef: ref(i),
  roleId: 'test-manager',
  holders: ['user:default/bob'],
  source: 'portal',
  assignedBy: 'user:default/alice',
  assignedAt: AT,
  version: 2,
});
const costTable = (i: number): StoredCostTable => ({
  entityRef: ref(i),
  currency: 'EUR',
  date: '2026-11-01',
  tiers: [{ users: 0, monthlyCost: 100 }],
  updatedBy: 'user:default/alice',
  updatedAt: AT,
  version: 4,
});
const exemption = (i: number): ReadinessExemption => ({
  // Ids in the opposite order to the refs: the key is the id.
  id: `00000000-0000-4000-8000-${String(99999 - i).padStart(12, '0')}`,
  entityRef: ref(i),
  checkId: 'scalability.sizing',
  reasonCode: 'accepted-risk' as ReadinessExemption['reasonCode'],
  reasonText: 'decided',
  endsOn: '2027-03-01',
  status: 'approved' as ReadinessExemption['status'],
  requestedBy: 'user:default/alice',
  requestedAt: AT,
  version: 5,
});

async function insertAll<T>(knex: Knex, table: string, rows: T[]) {
  for (let i = 0; i < rows.length; i += 100) {
    await knex(table).insert(rows.slice(i, i + 100));
  }
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i);

describe.each(databases.eachSupportedId())('an import on %s', id => {
  it('reads the stored records a page at a time, and replaces them whole with their history', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const stored = range(0, STORED);
    await insertAll(
      knex,
      'readiness_answers',
      stored.flatMap(i => CHECKS.map(c => fromAnswer(answer(i, c)))),
    );
    await insertAll(
      knex,
      'readiness_roles',
      stored.map(i => fromRole(role(i))),
    );
    await insertAll(
      knex,
      'readiness_cost_tables',
      stored.map(i => ({
        entity_ref: ref(i),
        currency: 'EUR',
        date: '2026-11-01',
        assumptions: null,
        tiers: JSON.stringify(costTable(i).tiers),
        updated_by: 'user:default/alice',
        updated_at: AT,
        version: 4,
      })),
    );
    await insertAll(
      knex,
      'readiness_exemptions',
      stored.map(i => fromExemption(exemption(i))),
    );

    // The import keeps the first 1,000 as stored, says otherwise of the
    // next 1,000, drops the last 500 and brings 300 new ones.
    const kept = range(0, 1000);
    const changed = range(1000, 2000);
    const added = range(STORED, STORED + 300);
    const imported = [...kept, ...changed, ...added];

    const { mostRows } = await mostRowsWhile(
      knex,
      /^select .*readiness_(answers|roles|cost_tables|exemptions)/i,
      () =>
        store.transaction(async tx => {
          await store.importAll(
            tx,
            {
              answers: imported.flatMap(i =>
                CHECKS.map(c =>
                  answer(
                    i,
                    c,
                    // One answer of each changed entity says otherwise.
                    changed.includes(i) && c === CHECKS[1] ? 'not-met' : 'met',
                  ),
                ),
              ),
              roles: imported.map(role),
            },
            ACTOR,
          );
          await store.importCostTables(tx, imported.map(costTable), ACTOR);
          await store.importExemptions(tx, imported.map(exemption), ACTOR);
        }),
    );
    expect(mostRows).toBeGreaterThan(0);
    expect(mostRows).toBeLessThan(STORED);

    // What is stored is the import, at the versions it gives.
    const refsOf = (rows: { entity_ref: string }[]) =>
      rows.map(r => r.entity_ref).sort();
    const expected = imported.map(ref).sort();
    const answers = await knex('readiness_answers');
    expect([...new Set(refsOf(answers))]).toEqual(expected);
    expect(answers).toHaveLength(imported.length * CHECKS.length);
    const versionOf = (i: number, checkId: string) =>
      Number(
        answers.find(a => a.entity_ref === ref(i) && a.check_id === checkId)
          .version,
      );
    expect(versionOf(0, CHECKS[1])).toBe(3); // said alike: the stored version
    expect(versionOf(1500, CHECKS[0])).toBe(3);
    expect(versionOf(1500, CHECKS[1])).toBe(4); // said otherwise: past it
    expect(versionOf(STORED + 1, CHECKS[1])).toBe(3); // new here: the file's
    for (const table of [
      'readiness_roles',
      'readiness_cost_tables',
      'readiness_exemptions',
    ]) {
      expect(refsOf(await knex(table).select('entity_ref'))).toEqual(expected);
    }
    const exemptionRow = await knex('readiness_exemptions')
      .where({ entity_ref: ref(7) })
      .first();
    expect(exemptionRow.id).toBe(exemption(7).id);

    // Every change is in the history once: each record the import says
    // otherwise or brings new, and each stored one it lacks as deleted. A
    // record it has as stored is no change.
    const history: { subject: string; action: string; n: string | number }[] =
      await knex('readiness_history')
        .select('subject', 'action')
        .count({ n: '*' })
        .groupBy('subject', 'action');
    const counts = Object.fromEntries(
      history.map(h => [`${h.subject} ${h.action}`, Number(h.n)]),
    );
    const each = { import: added.length, delete: STORED - 2000 };
    expect(counts).toEqual({
      // One answer of each changed entity, and every answer of those added.
      'answer import': changed.length + each.import * CHECKS.length,
      'answer delete': each.delete * CHECKS.length,
      'role import': each.import,
      'role delete': each.delete,
      'cost-table import': each.import,
      'cost-table delete': each.delete,
      'exemption import': each.import,
      'exemption delete': each.delete,
    });
    const entry = (where: object) =>
      knex('readiness_history').where(where).first();
    const replaced = await entry({
      subject: 'answer',
      subject_id: CHECKS[1],
      entity_ref: ref(1500),
      action: 'import',
    });
    expect(JSON.parse(replaced.before).status).toBe('met');
    expect(JSON.parse(replaced.after)).toMatchObject({
      status: 'not-met',
      version: 4,
    });
    const deleted = await entry({
      subject: 'exemption',
      entity_ref: ref(2200),
      action: 'delete',
    });
    expect(deleted.subject_id).toBe('scalability.sizing');
    expect(deleted.after).toBeNull();
    expect(JSON.parse(deleted.before).id).toBe(exemption(2200).id);
  });
});
