import { Knex } from 'knex';
import {
  RollupMember,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import {
  ScorecardQuery,
  ScorecardRowInput,
  SnapshotEntity,
  StoreTransaction,
  StoredScorecard,
  StoredScorecardInputs,
} from './ReadinessStore';
import { chunks, knexOf, likePattern, StoreDatabase } from './storeDatabase';

type ScorecardRow = {
  entity_ref: string;
  title: string | null;
  member: string;
  scorecard: string;
  entity_etag: string | null;
  computed_at: string;
};

function toSummary(
  row: Pick<ScorecardRow, 'member' | 'title' | 'computed_at'>,
): ScorecardSummary {
  const summary: ScorecardSummary = {
    ...(JSON.parse(row.member) as RollupMember),
    computedAt: row.computed_at,
  };
  if (row.title) summary.title = row.title;
  return summary;
}

/** The precomputed scorecard of every entity, with the columns lists filter and sort on. */
export class ScorecardTable {
  constructor(private readonly store: StoreDatabase) {}

  async getScorecard(
    entityRef: string,
    tx?: StoreTransaction,
    forUpdate = false,
  ) {
    let query = this.store.on(tx)<ScorecardRow>('readiness_scorecards').where({
      entity_ref: entityRef,
    });
    if (forUpdate && this.store.supportsRowLocks) query = query.forUpdate();
    const row = await query.first();
    if (!row) return undefined;
    const stored: StoredScorecard = {
      scorecard: { ...JSON.parse(row.scorecard), computedAt: row.computed_at },
      member: JSON.parse(row.member),
    };
    if (row.entity_etag) stored.entityEtag = row.entity_etag;
    return stored;
  }

  async putScorecards(tx: StoreTransaction, rows: ScorecardRowInput[]) {
    for (const part of chunks(rows, 100)) {
      await knexOf(tx)('readiness_scorecards')
        .insert(
          part.map(
            ({
              scorecard,
              member,
              entityEtag,
              json,
              fingerprint,
              inputFingerprint,
            }) => ({
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
              entity_etag: entityEtag ?? null,
              fingerprint,
              member: JSON.stringify(member),
              scorecard: json,
              computed_at: scorecard.computedAt,
              input_fingerprint: inputFingerprint ?? null,
            }),
          ),
        )
        .onConflict('entity_ref')
        .merge();
    }
  }

  async getScorecardInputs(entityRefs: string[], tx?: StoreTransaction) {
    const inputs = new Map<string, StoredScorecardInputs>();
    for (const part of chunks(entityRefs)) {
      const rows = await this.store
        .on(tx)('readiness_scorecards')
        .whereIn('entity_ref', part)
        .select(
          'entity_ref',
          'fingerprint',
          'input_fingerprint',
          'owner_ref',
          'title',
          'score',
          'level',
        );
      for (const r of rows) {
        const snapshot: SnapshotEntity = {
          ref: r.entity_ref,
          owner: r.owner_ref ?? undefined,
          title: r.title ?? undefined,
          score: r.score === null ? null : Number(r.score),
          level: r.level ?? null,
        };
        const stored: StoredScorecardInputs = {
          fingerprint: r.fingerprint,
          snapshot,
        };
        if (r.input_fingerprint) stored.inputFingerprint = r.input_fingerprint;
        inputs.set(r.entity_ref, stored);
      }
    }
    return inputs;
  }

  /**
   * Every stored rollup member, a page at a time in ref order (keyset
   * pagination, so a page costs the same at the end of the table as at its
   * start).
   */
  async *streamRollupMembers(tx: StoreTransaction, pageSize: number) {
    let after = '';
    for (;;) {
      const rows: { entity_ref: string; member: string }[] = await knexOf(tx)(
        'readiness_scorecards',
      )
        .where('entity_ref', '>', after)
        .select('entity_ref', 'member')
        .orderBy('entity_ref')
        .limit(pageSize);
      if (!rows.length) return;
      yield rows.map(row => JSON.parse(row.member) as RollupMember);
      after = rows[rows.length - 1].entity_ref;
    }
  }

  async deleteScorecards(tx: StoreTransaction, entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await knexOf(tx)('readiness_scorecards')
        .whereIn('entity_ref', part)
        .delete();
    }
  }

  private scorecardFilter(query: Omit<ScorecardQuery, 'limit' | 'offset'>) {
    return (qb: Knex.QueryBuilder) => {
      if (query.owners) qb.whereIn('owner_ref', query.owners);
      if (query.system) qb.where('system_ref', query.system);
      if (query.domain) qb.where('domain_ref', query.domain);
      if (query.kind) qb.where('kind', query.kind);
      if (query.lifecycle) qb.where('lifecycle', query.lifecycle);
      if (query.search) {
        const pattern = likePattern(query.search);
        qb.where(inner =>
          inner
            .whereRaw("lower(coalesce(title, '')) like ? escape '\\'", [
              pattern,
            ])
            .orWhereRaw("entity_ref like ? escape '\\'", [pattern]),
        );
      }
    };
  }

  async listScorecards(query: ScorecardQuery) {
    const filter = this.scorecardFilter(query);
    const [{ count }] = await this.store
      .db('readiness_scorecards')
      .where(filter)
      .count({ count: '*' });
    const sortColumn = {
      title: 'title',
      entityRef: 'entity_ref',
      score: 'score',
    }[query.sort ?? 'score'];
    const rows = await this.store
      .db<ScorecardRow>('readiness_scorecards')
      .where(filter)
      .select('member', 'title', 'computed_at')
      .orderByRaw('?? is null', [sortColumn])
      .orderBy(sortColumn, query.order ?? 'asc')
      .orderBy('entity_ref', 'asc')
      .limit(query.limit)
      .offset(query.offset);
    return { items: rows.map(toSummary), totalCount: Number(count) };
  }

  async *streamScorecards(pageSize: number) {
    let after = '';
    for (;;) {
      const rows = await this.store
        .db<ScorecardRow>('readiness_scorecards')
        .where('entity_ref', '>', after)
        .select('entity_ref', 'member', 'title', 'computed_at')
        .orderBy('entity_ref')
        .limit(pageSize);
      if (!rows.length) return;
      yield rows.map(toSummary);
      after = rows[rows.length - 1].entity_ref;
    }
  }
}
