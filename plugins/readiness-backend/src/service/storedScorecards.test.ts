import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  buildReadinessModel,
  catalogDetectors,
  csvHeader,
  csvRows,
  entityRefOf,
  EntityScorecard,
  ReadinessEngine,
  scorecardCsvColumns,
  ScorecardSummary,
  systemRefOf,
  toRollupMember,
  nextOwnExpiryOf,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrganisation } from '../__testUtils__/demoOrganisation';
import { base, carol, ci, startBackend } from '../__testUtils__/testBackend';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { keptScorecardOf } from '../database/ReadinessStore';
import { CatalogIndex } from './catalogLookup';
import { toScorecardRow } from './scorecardRow';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);
// With etags, as a catalog serves them: a stored scorecard is current while
// its entity's etag is the same.
const entities = demoOrganisation().map(e => ({
  ...e,
  metadata: { ...e.metadata, etag: `etag-${e.kind}-${e.metadata.name}` },
}));
const byRef = new Map(entities.map(e => [entityRefOf(e), e]));
const scored = entities.filter(e => engine.appliesTo(e.kind));
const catalog = new CatalogIndex();
entities.forEach(e => catalog.add(e));

const withoutTime = ({ computedAt, ...rest }: { computedAt: string }) => rest;
const pathOf = (ref: string) => ref.replace(/[:/]/g, '/');

/** What the engine's full score() gives for an entity, from what is stored now. */
async function scoredByEngine(
  store: DatabaseReadinessStore,
  entity: Entity,
): Promise<EntityScorecard> {
  const ref = entityRefOf(entity);
  const systemRef = systemRefOf(entity);
  const refs = systemRef ? [ref, systemRef] : [ref];
  const answers = await store.getAnswers(refs);
  const roles = await store.getRoles(refs);
  const results = await store.getResults(refs);
  const costs = await store.getCostTables(refs);
  const system = systemRef ? byRef.get(systemRef) : undefined;
  return engine.score(
    {
      entity,
      portalAnswers: answers.get(ref),
      portalRoles: roles.get(ref),
      automaticResults: results.get(ref),
      costTable: costs.get(ref),
      system: system
        ? engine.inheritableFrom(
            system,
            answers.get(systemRef!),
            roles.get(systemRef!),
            costs.get(systemRef!),
          )
        : undefined,
    },
    { now: new Date(), catalog },
  );
}

/** The largest stored scorecard row, in bytes of its values. */
async function largestRow(knex: Knex) {
  let max = 0;
  for (const row of await knex('readiness_scorecards')) {
    const bytes = Object.values(row)
      .filter(v => v !== null)
      .reduce((n: number, v) => n + Buffer.byteLength(String(v)), 0);
    max = Math.max(max, bytes);
  }
  return max;
}

async function setup(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const { api } = await startBackend({ entities, knex });
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  const get = (url: string) =>
    api.get(`${base}${url}`).set('Authorization', carol).expect(200);
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  // Portal answers, roles and pushed results, so details carry every source.
  await api
    .put(
      `${base}/entities/component/default/payments-api/answers/scalability.sizing`,
    )
    .set('Authorization', carol)
    .send({
      status: 'partially-met',
      evidenceUrl: 'https://wiki.example/sizing',
      note: 'load test pending',
      version: 0,
    })
    .expect(200);
  await api
    .put(`${base}/entities/system/default/payments-core/roles/dba`)
    .set('Authorization', carol)
    .send({ holders: ['user:default/erin'], version: 0 })
    .expect(200);
  await api
    .post(`${base}/results`)
    .set('Authorization', ci)
    .send({
      results: [
        {
          entityRef: 'component:default/payments-ledger',
          checkId: 'recoverability.restore-test',
          status: 'met',
          evidenceUrl: 'https://ci.example/job/9',
        },
      ],
    })
    .expect(202);
  // The reference is what a full run stored, not only the writes' recomputations.
  await knex('readiness_scorecards').delete();
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  const expected = new Map<string, EntityScorecard>();
  for (const entity of scored) {
    expected.set(entityRefOf(entity), await scoredByEngine(store, entity));
  }
  return { knex, api, store, get, expected };
}

describe.each(databases.eachSupportedId())(
  'stored scorecards of the demo organisation, on %s',
  id => {
    it('are at most 2 KB each, and every reader returns what the engine scores', async () => {
      const { knex, store, get, expected } = await setup(id);
      expect(scored.length).toBeGreaterThan(20);
      expect(await largestRow(knex)).toBeLessThanOrEqual(2048);

      const summaries = new Map<string, Omit<ScorecardSummary, 'computedAt'>>();
      for (const [ref, scorecard] of expected) {
        const summary: Omit<ScorecardSummary, 'computedAt'> =
          toRollupMember(scorecard);
        if (scorecard.title) summary.title = scorecard.title;
        // When the entity's own answers first expire, as its checks say.
        const nextExpiry = nextOwnExpiryOf(scorecard.checks);
        if (nextExpiry) summary.nextExpiry = nextExpiry;
        summaries.set(ref, summary);
      }

      // The entity route: built again on the first read, kept for the next.
      for (const [ref, scorecard] of expected) {
        expect((await store.getScorecard(ref))?.detailJson).toBeUndefined();
        const first = await get(`/entities/${pathOf(ref)}`);
        expect(withoutTime(first.body.scorecard)).toEqual(
          withoutTime(scorecard),
        );
        // Kept after the response: the read does not wait for the write.
        while (!(await store.getScorecard(ref))?.detailJson) {
          await new Promise(resolve => setImmediate(resolve));
        }
        const again = await get(`/entities/${pathOf(ref)}`);
        expect(again.body).toEqual(first.body);
      }

      // Lists and search.
      const list = await get('/scorecards?limit=500');
      expect(list.body.items.map(withoutTime)).toEqual(
        expect.arrayContaining([...summaries.values()]),
      );
      expect(list.body.totalCount).toBe(expected.size);
      const found = await get('/scorecards?q=ledger&limit=500');
      expect(found.body.items.map(withoutTime)).toEqual([
        summaries.get('component:default/payments-ledger'),
      ]);

      // The export, line by line.
      const computedAt = new Map<string, string>(
        list.body.items.map((i: ScorecardSummary) => [
          i.entityRef,
          i.computedAt,
        ]),
      );
      const columns = scorecardCsvColumns(engine.model);
      const rows = [...summaries.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([ref, s]) => ({ ...s, computedAt: computedAt.get(ref)! }));
      const csv = await get('/export.csv');
      expect(csv.text).toBe(csvHeader(columns) + csvRows(columns, rows));

      // A group's entities, now and as of today's snapshot, and an entity's trend.
      const team = 'group:default/payments-team';
      const owned = [...summaries.values()].filter(s => s.owner === team);
      const rollup = await get(`/rollups/${pathOf(team)}?limit=500`);
      expect(rollup.body.entities.map(withoutTime)).toEqual(
        expect.arrayContaining(owned),
      );
      expect(rollup.body.entities).toHaveLength(owned.length);
      const today = new Date().toISOString().slice(0, 10);
      const asOf = await get(
        `/rollups/${pathOf(team)}?limit=500&asOf=${today}`,
      );
      expect(
        asOf.body.entities.map((e: ScorecardSummary) => [
          e.entityRef,
          e.title,
          e.score,
          e.level,
        ]),
      ).toEqual(
        expect.arrayContaining(
          owned.map(s => [s.entityRef, s.title, s.score, s.level]),
        ),
      );
      const ledger = expected.get('component:default/payments-ledger')!;
      const history = await get(
        '/entities/component/default/payments-ledger/history',
      );
      expect(history.body.snapshots.at(-1)).toEqual({
        day: today,
        score: ledger.score,
        level: ledger.level,
      });
    });

    it('does not serve a kept detail once a full run scored its entity from other evidence, even with the same statuses', async () => {
      const { knex, store, api, get } = await setup(id);
      const ref = 'component:default/payments-api';
      const evidenceOf = (scorecard: EntityScorecard) =>
        scorecard.checks.find(c => c.checkId === 'scalability.sizing')?.answer
          ?.evidenceUrl;
      const first = await get(`/entities/${pathOf(ref)}`);
      expect(evidenceOf(first.body.scorecard)).toBe(
        'https://wiki.example/sizing',
      );
      while (!(await store.getScorecard(ref))?.detailJson) {
        await new Promise(resolve => setImmediate(resolve));
      }
      const before = (await store.getScorecard(ref))!;
      // Other evidence for the same status, behind the backend's back: only
      // the next full run sees it.
      await knex('readiness_answers')
        .where({ entity_ref: ref, check_id: 'scalability.sizing' })
        .update({ evidence_url: 'https://wiki.example/sizing-v2' });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const after = (await store.getScorecard(ref))!;
      expect(after.checks).toEqual(before.checks);
      expect(after.member).toEqual(before.member);
      expect(after.detailJson).toBeUndefined();
      const read = await get(`/entities/${pathOf(ref)}`);
      expect(evidenceOf(read.body.scorecard)).toBe(
        'https://wiki.example/sizing-v2',
      );
      expect(withoutTime(read.body.scorecard)).toEqual(
        withoutTime(await scoredByEngine(store, byRef.get(ref)!)),
      );
    });

    it('keeps the detail of a scorecard a full run stored before runs summarised, without recomputing it', async () => {
      const { knex, store, get, expected } = await setup(id);
      const ref = 'component:default/payments-api';
      const etag = byRef.get(ref)!.metadata.etag;
      // What a full run stored then: the full scorecard's hash beside the
      // input fingerprint.
      const fingerprint = toScorecardRow(expected.get(ref)!, etag).fingerprint;
      await knex('readiness_scorecards')
        .where('entity_ref', ref)
        .update({ fingerprint });
      const before = (await store.getScorecard(ref))!;
      expect(before.inputFingerprint).toBeDefined();
      const read = await get(`/entities/${pathOf(ref)}`);
      expect(withoutTime(read.body.scorecard)).toEqual(
        withoutTime(expected.get(ref)!),
      );
      while (!(await store.getScorecard(ref))?.detailJson) {
        await new Promise(resolve => setImmediate(resolve));
      }
      const after = (await store.getScorecard(ref))!;
      expect(after.fingerprint).toBe(fingerprint);
      expect(after.inputFingerprint).toBe(before.inputFingerprint);
    });

    /** A pushed result written behind the backend's back: no write scores `ref` again. */
    const pushBehindTheBack = (knex: Knex, ref: string, checkId: string) =>
      knex('readiness_results').insert({
        entity_ref: ref,
        check_id: checkId,
        status: 'met',
        evidence_url: null,
        note: null,
        reported_by: 'ci',
        reported_at: new Date().toISOString(),
      });

    it('recomputes a scorecard whose inputs moved on since it was stored', async () => {
      const { knex, store, get } = await setup(id);
      // It had pushed results when the run scored it: its first read reads them.
      const ref = 'component:default/payments-ledger';
      const before = (await store.getScorecard(ref))!;
      expect(before.inputRecords).toContain('results');
      // A check nothing answers yet.
      const [checkId] = Object.entries(before.checks).find(
        ([, status]) => status === 'unknown',
      )!;
      // The stored scorecard no longer is what its inputs give.
      await pushBehindTheBack(knex, ref, checkId);
      const read = await get(`/entities/${pathOf(ref)}`);
      const now = await scoredByEngine(store, byRef.get(ref)!);
      expect(withoutTime(read.body.scorecard)).toEqual(withoutTime(now));
      const after = (await store.getScorecard(ref))!;
      expect(after.fingerprint).not.toBe(before.fingerprint);
      expect(after.checks[checkId]).toBe('met');
      expect(withoutTime(keptScorecardOf(after)!)).toEqual(withoutTime(now));
    });

    it('serves the stored scorecard until the next run when a record appears behind its back in a table it had none in', async () => {
      const { api, knex, store, get } = await setup(id);
      // Scored without pushed results: its first read does not query them.
      const ref = 'component:default/payments-sdk';
      const before = (await store.getScorecard(ref))!;
      expect(before.inputRecords).not.toContain('results');
      await pushBehindTheBack(knex, ref, 'recoverability.restore-test');
      const read = await get(`/entities/${pathOf(ref)}`);
      // The detail of the stored scorecard, consistent with every list and rollup.
      expect(read.body.scorecard.score).toBe(before.member.score);
      expect(
        read.body.scorecard.checks.find(
          (c: { checkId: string }) =>
            c.checkId === 'recoverability.restore-test',
        ).status,
      ).toBe(before.checks['recoverability.restore-test']);
      expect((await store.getScorecard(ref))!.fingerprint).toBe(
        before.fingerprint,
      );
      // The next full run reads every table's rows by range, and scores it.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const after = (await store.getScorecard(ref))!;
      expect(after.checks['recoverability.restore-test']).toBe('met');
      const again = await get(`/entities/${pathOf(ref)}`);
      const now = await scoredByEngine(store, byRef.get(ref)!);
      expect(withoutTime(again.body.scorecard)).toEqual(withoutTime(now));
    });
  },
);
