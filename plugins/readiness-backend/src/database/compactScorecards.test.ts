import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  buildReadinessModel,
  catalogDetectors,
  entityRefOf,
  EntityScorecard,
  ReadinessEngine,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { createHash } from 'crypto';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrganisation } from '../__testUtils__/demoOrganisation';
import { CatalogIndex } from '../service/catalogLookup';
import { toScorecardRow } from '../service/scorecardRow';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { keptScorecardJson, keptScorecardOf } from './ReadinessStore';
import { READINESS_MIGRATIONS } from './migrations';

jest.setTimeout(120_000);

const MIGRATION = '20261204000000_compact_scorecards.js';
const databases = createTestDatabases();

/** The demo organisation's scorecards, as the engine scores them. */
function demoScorecards(): EntityScorecard[] {
  const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);
  const entities = demoOrganisation();
  const catalog = new CatalogIndex();
  entities.forEach(e => catalog.add(e));
  const byRef = new Map(entities.map(e => [entityRefOf(e), e]));
  const now = new Date('2026-11-26T10:00:00.000Z');
  return entities
    .filter(e => engine.appliesTo(e.kind))
    .map(entity => {
      const system = entity.spec?.system
        ? byRef.get(`system:default/${entity.spec.system}`)
        : undefined;
      return engine.score(
        {
          entity,
          system: system ? engine.inheritableFrom(system) : undefined,
        },
        { now, catalog },
      );
    });
}

/** A row of `readiness_scorecards` as the store wrote it before the migration. */
function oldRow(scorecard: EntityScorecard, etag: string) {
  const json = JSON.stringify({ ...scorecard, computedAt: undefined });
  return {
    entity_ref: scorecard.entityRef,
    kind: scorecard.kind,
    title: scorecard.title ?? null,
    owner_ref: scorecard.owner ?? null,
    system_ref: scorecard.system ?? null,
    domain_ref: scorecard.domain ?? null,
    lifecycle: scorecard.lifecycle ?? null,
    score: scorecard.score,
    level: scorecard.level,
    gate_failures: scorecard.gateFailures,
    production_below_gate: !scorecard.lifecycleGate.passed,
    role_problems: scorecard.roleProblems,
    entity_etag: etag,
    fingerprint: createHash('sha1').update(json).update(etag).digest('hex'),
    member: JSON.stringify(toRollupMember(scorecard)),
    scorecard: json,
    computed_at: scorecard.computedAt,
    input_fingerprint: 'inputs',
  };
}

/** Applies the migrations before this one (and only those). */
async function migrateToPrevious(knex: Knex) {
  for (;;) {
    const [, pending] = await knex.migrate.list(READINESS_MIGRATIONS);
    const next: string = pending[0]?.file ?? pending[0]?.name;
    if (!next || next === MIGRATION) return;
    await knex.migrate.up(READINESS_MIGRATIONS);
  }
}

/** Undoes the migrations after this one and this one. */
async function migrateDownThrough(knex: Knex) {
  for (;;) {
    const [completed] = await knex.migrate.list(READINESS_MIGRATIONS);
    const last = completed[completed.length - 1];
    const name: string = last?.name ?? last;
    if (!name || name < MIGRATION) return;
    await knex.migrate.down(READINESS_MIGRATIONS);
  }
}

describe.each(databases.eachSupportedId())(
  `migration ${MIGRATION} on %s`,
  id => {
    const scorecards = demoScorecards();
    const etag = (ref: string) => `etag-${ref}`;

    /**
     * The stored scorecard with the detail the migration kept. Read from its
     * table: a later release's row format serves no detail an older engine
     * built (it is rebuilt on read), but the migration must have kept it.
     */
    async function storedWithDetail(
      knex: Knex,
      store: DatabaseReadinessStore,
      entityRef: string,
    ) {
      const stored = (await store.getScorecard(entityRef))!;
      const detail = await knex('readiness_scorecard_details')
        .where({ entity_ref: entityRef })
        .first();
      // Keyed by the row it details, as the format that moved it (5).
      expect(detail?.fingerprint).toBe(`${stored.fingerprint}@5`);
      return { ...stored, detailJson: detail?.scorecard as string };
    }

    async function migratedWithOldRows(databaseId: TestDatabaseId) {
      const knex = await databases.init(databaseId);
      await migrateToPrevious(knex);
      const rows = scorecards.map(s => oldRow(s, etag(s.entityRef)));
      for (let i = 0; i < rows.length; i += 20) {
        await knex('readiness_scorecards').insert(rows.slice(i, i + 20));
      }
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      return { knex, store, rows };
    }

    it('moves every stored scorecard to the new storage without loss', async () => {
      const { knex, store } = await migratedWithOldRows(id);
      expect(scorecards.length).toBeGreaterThan(20);
      for (const scorecard of scorecards) {
        const stored = await storedWithDetail(knex, store, scorecard.entityRef);
        expect(keptScorecardOf(stored)).toEqual(scorecard);
        // What a read sends as it is: the same scorecard, each key once.
        const json = keptScorecardJson(stored)!;
        expect(JSON.parse(json)).toEqual(scorecard);
        expect(JSON.stringify(JSON.parse(json))).toBe(json);
        expect(stored.member).toEqual(toRollupMember(scorecard));
        expect(stored.entityEtag).toBe(etag(scorecard.entityRef));
        expect(stored.fingerprint).toBe(
          toScorecardRow(scorecard, etag(scorecard.entityRef)).fingerprint,
        );
        expect(stored.computedAt).toBe(scorecard.computedAt);
        expect(stored.checks).toEqual(
          Object.fromEntries(scorecard.checks.map(c => [c.checkId, c.status])),
        );
      }
      const { items, totalCount } = await store.listScorecards({
        limit: 500,
        offset: 0,
        sort: 'entityRef',
      });
      expect(totalCount).toBe(scorecards.length);
      expect(items).toEqual(
        [...scorecards]
          .sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1))
          .map(s => ({
            ...toRollupMember(s),
            ...(s.title ? { title: s.title } : {}),
            computedAt: s.computedAt,
          })),
      );
    });

    it('moves them back down, dropping the scorecards whose detail was not kept', async () => {
      const { knex, store, rows } = await migratedWithOldRows(id);
      // Written after the migration, with no detail kept: not restorable.
      const [first, ...rest] = scorecards;
      const rescored = {
        ...first,
        score: 1,
        computedAt: '2026-11-27T00:00:00.000Z',
      };
      await store.transaction(tx =>
        store.putScorecards(tx, [toScorecardRow(rescored, 'etag-2')]),
      );
      await migrateDownThrough(knex);
      const restored = await knex('readiness_scorecards').orderBy('entity_ref');
      // The score column is a float the migration does not touch.
      const expected = rows
        .filter(r => r.entity_ref !== first.entityRef)
        .sort((a, b) => (a.entity_ref < b.entity_ref ? -1 : 1))
        .map(({ score, ...r }) => r);
      expect(
        restored.map(({ score, ...r }) => ({
          ...r,
          production_below_gate: Boolean(r.production_below_gate),
        })),
      ).toEqual(expected);
      expect(await knex.schema.hasTable('readiness_scorecard_details')).toBe(
        false,
      );
      // And up again, as the store needs it.
      await knex.migrate.latest(READINESS_MIGRATIONS);
      expect(
        keptScorecardOf(await storedWithDetail(knex, store, rest[0].entityRef)),
      ).toEqual(rest[0]);
    });
  },
);
