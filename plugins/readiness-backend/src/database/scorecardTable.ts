import { Knex } from 'knex';
import {
  EntityScorecard,
  RollupMember,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { decodeCheckStatuses } from './checkStatusCodes';
import { inLockOrder } from './serialisationLocks';
import { ROW_FORMAT } from './rowFormat';
import {
  MEMBER_COLUMNS,
  MemberRow,
  memberJson,
  memberOf,
} from './storedMember';
import { basisJson, keptBasisOf } from './storedBasis';
import {
  FINGERPRINT_COLUMNS,
  FingerprintRow,
  fingerprintOf,
  INPUT_COLUMNS,
  inputsOf,
} from './storedInputs';
import {
  detailJsonOf,
  ScorecardRowInput,
  StoreTransaction,
  StoredScorecard,
  StoredScorecardInputs,
  StoredScorecardInputsPage,
} from './ReadinessStore';
import {
  chunks,
  ColumnType,
  knexOf,
  scorecardPages,
  StoreDatabase,
} from './storeDatabase';

/**
 * What a kept detail's key adds to its row's fingerprint: the row format of
 * the release that built it, so that a release serves only its own (see
 * rowFormat.ts and the migration `20261224000000_scorecard_detail_format`).
 */
const DETAIL_KEY_SUFFIX = `@${ROW_FORMAT}`;

export type ScorecardRow = MemberRow & {
  title: string | null;
  checks: string | null;
  entity_etag: string | null;
  fingerprint: string;
  input_fingerprint: string | null;
  input_basis: string | null;
  computed_at: string;
  next_expiry: string | null;
};

/** The columns a run writes, with their types for a PostgreSQL batch. */
const SCORECARD_COLUMNS: Record<string, ColumnType> = {
  entity_ref: 'text',
  kind: 'text',
  title: 'text',
  owner_ref: 'text',
  system_ref: 'text',
  domain_ref: 'text',
  lifecycle: 'text',
  score: 'real',
  level: 'text',
  gate_failures: 'integer',
  production_below_gate: 'boolean',
  role_problems: 'integer',
  entity_etag: 'text',
  fingerprint: 'text',
  member: 'text',
  checks: 'text',
  computed_at: 'text',
  input_fingerprint: 'text',
  input_basis: 'text',
  next_expiry: 'text',
};

/** What a listing reads of a row. */
export const SUMMARY_COLUMNS = [
  ...MEMBER_COLUMNS,
  'title',
  'computed_at',
  'next_expiry',
];

export function toSummary(
  row: MemberRow & Pick<ScorecardRow, 'title' | 'computed_at' | 'next_expiry'>,
): ScorecardSummary {
  const summary: ScorecardSummary = {
    ...memberOf(row),
    computedAt: row.computed_at,
  };
  if (row.title) summary.title = row.title;
  if (row.next_expiry) summary.nextExpiry = row.next_expiry;
  return summary;
}

function toStoredScorecard(
  row: ScorecardRow & { detail: string | null },
): StoredScorecard {
  const stored: StoredScorecard = {
    member: memberOf(row),
    fingerprint: row.fingerprint,
    computedAt: row.computed_at,
    checks: decodeCheckStatuses(row.checks),
  };
  if (row.title) stored.title = row.title;
  if (row.entity_etag) stored.entityEtag = row.entity_etag;
  if (row.input_fingerprint) stored.inputFingerprint = row.input_fingerprint;
  if (row.detail) {
    stored.detailJson = row.detail;
  } else {
    // What building the detail looks up in the catalog, known before the body.
    Object.assign(stored, keptBasisOf(row));
  }
  return stored;
}

/**
 * The precomputed scorecard of every entity: the columns lists filter and
 * sort on, its rollup member and the status of each check (≤ 2 KB a row). The detail (answers, evidence, sources, roles, problems)
 * is not stored by a run: it is built again when the scorecard is read, and
 * kept in `readiness_scorecard_details` for entities that were read.
 */
export class ScorecardTable {
  constructor(private readonly store: StoreDatabase) {}

  /** The row of `entityRef` with the detail kept for its fingerprint, if any. */
  private scorecardQuery(entityRef: string, tx?: StoreTransaction) {
    // The detail only counts while it is of the stored scorecard, and was
    // built by a release of this row format.
    return this.store
      .on(tx)<ScorecardRow & { detail: string | null }>(
        'readiness_scorecards as s',
      )
      .leftJoin('readiness_scorecard_details as d', join =>
        join
          .on('d.entity_ref', 's.entity_ref')
          .andOn(
            this.store.db.raw('d.fingerprint = s.fingerprint || ?', [
              DETAIL_KEY_SUFFIX,
            ]),
          ),
      )
      .where('s.entity_ref', entityRef)
      .select(
        ...MEMBER_COLUMNS.map(column => `s.${column}`),
        's.title',
        's.checks',
        's.entity_etag',
        's.fingerprint',
        's.input_fingerprint',
        's.input_basis',
        's.computed_at',
        { detail: 'd.scorecard' },
      );
  }

  async getScorecard(entityRef: string, tx?: StoreTransaction) {
    const row = await this.scorecardQuery(entityRef, tx).first();
    return row ? toStoredScorecard(row) : undefined;
  }

  /**
   * The stored rollup members of those of `entityRefs` that are scored, their
   * rows locked until the transaction ends: a statement per chunk of refs,
   * each in lock order (by code unit, whatever the database's collation).
   */
  async lockMembers(tx: StoreTransaction, entityRefs: string[]) {
    const members = new Map<string, RollupMember>();
    const ref = this.store.isPostgres ? 'entity_ref COLLATE "C"' : 'entity_ref';
    for (const part of chunks(inLockOrder(entityRefs))) {
      let query = knexOf(tx)<MemberRow>('readiness_scorecards')
        .whereIn('entity_ref', part)
        .select(...MEMBER_COLUMNS)
        .orderByRaw(ref);
      if (this.store.supportsRowLocks) query = query.forUpdate();
      for (const row of await query) members.set(row.entity_ref, memberOf(row));
    }
    return members;
  }

  /**
   * The stored scorecard and a state value in one query: an entity read is
   * then one round trip to the database when its detail is kept. Undefined
   * when the entity has no stored scorecard.
   */
  async getScorecardWithState<T>(entityRef: string, stateKey: string) {
    const state = this.store
      .db('readiness_state')
      .where('key', stateKey)
      .select('value');
    const row:
      | (ScorecardRow & { detail: string | null; state: string | null })
      | undefined = await this.scorecardQuery(entityRef)
      .select({ state })
      .first();
    if (!row) return undefined;
    return {
      scorecard: toStoredScorecard(row),
      state: row.state === null ? undefined : (JSON.parse(row.state) as T),
    };
  }

  async putScorecards(tx: StoreTransaction, rows: ScorecardRowInput[]) {
    await this.store.upsert(
      tx,
      'readiness_scorecards',
      { columns: SCORECARD_COLUMNS, key: ['entity_ref'] },
      rows,
      row => ({
        entity_ref: row.member.entityRef,
        kind: row.member.kind,
        title: row.title ?? null,
        owner_ref: row.member.owner ?? null,
        system_ref: row.member.system ?? null,
        domain_ref: row.member.domain ?? null,
        lifecycle: row.member.lifecycle ?? null,
        score: row.member.score,
        level: row.member.level,
        gate_failures: row.member.gateFailures,
        production_below_gate: row.member.productionBelowGate,
        role_problems: row.member.roleProblems,
        entity_etag: row.entityEtag ?? null,
        fingerprint: row.fingerprint,
        member: memberJson(row.member),
        checks: row.checks,
        computed_at: row.computedAt,
        input_fingerprint: row.inputFingerprint ?? null,
        input_basis: row.inputBasis
          ? basisJson(row.inputBasis, row.inputRecords)
          : null,
        next_expiry: row.nextExpiry ?? null,
      }),
    );
  }

  async putScorecardDetail(fingerprint: string, scorecard: EntityScorecard) {
    await this.store
      .db('readiness_scorecard_details')
      .insert({
        entity_ref: scorecard.entityRef,
        fingerprint: `${fingerprint}${DETAIL_KEY_SUFFIX}`,
        scorecard: detailJsonOf(scorecard),
      })
      .onConflict('entity_ref')
      .merge();
  }

  async deleteStaleDetails(batchSize: number) {
    const { db } = this.store;
    // Kept for another fingerprint than the row's, for no row at all, or
    // by a release of another row format.
    const stale = (qb: Knex.QueryBuilder) =>
      qb.whereNotExists(
        db('readiness_scorecards as s')
          .select(db.raw('1'))
          .whereRaw('s.entity_ref = readiness_scorecard_details.entity_ref')
          .andWhereRaw(
            's.fingerprint || ? = readiness_scorecard_details.fingerprint',
            [DETAIL_KEY_SUFFIX],
          ),
      );
    const refs = (
      await db('readiness_scorecard_details')
        .where(stale)
        .select('entity_ref')
        .limit(batchSize)
    ).map((row: { entity_ref: string }) => row.entity_ref);
    if (!refs.length) return 0;
    // Checked again as it deletes: a read may have kept a new one meanwhile.
    return db('readiness_scorecard_details')
      .whereIn('entity_ref', refs)
      .where(stale)
      .delete();
  }

  async countScorecardsByOwner(): Promise<Map<string | undefined, number>> {
    const rows: { owner_ref: string | null; count: number | string }[] =
      await this.store
        .db('readiness_scorecards')
        .select('owner_ref')
        .count({ count: '*' })
        .groupBy('owner_ref');
    return new Map(
      rows.map(row => [row.owner_ref ?? undefined, Number(row.count)]),
    );
  }

  async countScorecards() {
    const [{ count }] = await this.store
      .db('readiness_scorecards')
      .count({ count: '*' });
    return Number(count);
  }

  async getScorecardInputs(entityRefs: string[], tx?: StoreTransaction) {
    const inputs = new Map<string, StoredScorecardInputs>();
    for (const part of chunks(entityRefs)) {
      const rows = await this.store
        .on(tx)('readiness_scorecards')
        .whereIn('entity_ref', part)
        .select(...INPUT_COLUMNS);
      for (const row of rows) inputs.set(row.entity_ref, inputsOf(row));
    }
    return inputs;
  }

  /**
   * Every stored scorecard's input fingerprint and basis, a page at a time
   * in ref order (keyset pagination), each page with the range of refs it
   * covers. The next page is asked for while the caller handles this one.
   */
  async *streamScorecardInputs(
    pageSize: number,
  ): AsyncGenerator<StoredScorecardInputsPage> {
    const pages = scorecardPages<FingerprintRow>(
      this.store.db,
      FINGERPRINT_COLUMNS,
      pageSize,
      { readAhead: true },
    );
    for await (const rows of pages) {
      yield {
        range: {
          from: rows[0].entity_ref,
          to: rows[rows.length - 1].entity_ref,
        },
        inputs: new Map(rows.map(row => [row.entity_ref, fingerprintOf(row)])),
      };
    }
  }

  async *streamScorecardRefs(tx: StoreTransaction, pageSize: number) {
    const pages = scorecardPages<{ entity_ref: string }>(
      knexOf(tx),
      ['entity_ref'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(row => row.entity_ref);
  }

  /**
   * Every stored rollup member, a page at a time in ref order (keyset
   * pagination, so a page costs the same at the end of the table as at its
   * start).
   */
  async *streamRollupMembers(tx: StoreTransaction, pageSize: number) {
    const pages = scorecardPages<MemberRow>(
      knexOf(tx),
      MEMBER_COLUMNS,
      pageSize,
    );
    for await (const rows of pages) yield rows.map(memberOf);
  }

  async scorecardsComputedSince(
    tx: StoreTransaction,
    entityRefs: string[],
    since: string,
  ) {
    const found = new Set<string>();
    for (const part of chunks(entityRefs)) {
      const rows: { entity_ref: string }[] = await knexOf(tx)(
        'readiness_scorecards',
      )
        .whereIn('entity_ref', part)
        .andWhere('computed_at', '>=', since)
        .select('entity_ref');
      for (const row of rows) found.add(row.entity_ref);
    }
    return found;
  }

  async deleteScorecards(tx: StoreTransaction, entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await knexOf(tx)('readiness_scorecards')
        .whereIn('entity_ref', part)
        .delete();
      await knexOf(tx)('readiness_scorecard_details')
        .whereIn('entity_ref', part)
        .delete();
    }
  }
}
