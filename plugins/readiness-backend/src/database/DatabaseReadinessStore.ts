import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Knex } from 'knex';
import {
  AnswerInput,
  HistoryEntry,
  ReadinessAnswer,
  ReadinessExport,
  Rollup,
  RollupMember,
  ScoreSnapshot,
  ScorecardSummary,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import {
  PushedResult,
  ReadinessStore,
  RollupQuery,
  ScorecardQuery,
  ScorecardRowInput,
  SnapshotEntity,
  SnapshotKind,
  StoredScorecard,
  StoredScorecardInputs,
  Tx,
} from './ReadinessStore';
import { lockKeys } from './serialisationLocks';
import {
  deleteHistoryBefore,
  deleteSnapshotDay,
  listSnapshotDaysBefore,
} from './retentionQueries';

/** Keeps IN lists and multi-row inserts well below SQLite's variable limit. */
const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// Sorting puts entities without a score last in both directions; knex's
// orderBy(column, order, 'last') drops the column itself on SQLite, hence
// orderByRaw('?? is null') followed by the plain orderBy.

/** Escapes LIKE wildcards in user-supplied search text. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '')
  );
}

type AnswerRow = {
  entity_ref: string;
  check_id: string;
  status: string;
  na_reason: string | null;
  na_text: string | null;
  evidence_url: string | null;
  note: string | null;
  answered_by: string;
  answered_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
};

function toAnswer(row: AnswerRow): StoredAnswer {
  const answer: StoredAnswer = {
    entityRef: row.entity_ref,
    checkId: row.check_id,
    status: row.status as StoredAnswer['status'],
    source: 'portal',
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    version: Number(row.version),
  };
  if (row.na_reason)
    answer.notApplicableReason =
      row.na_reason as StoredAnswer['notApplicableReason'];
  if (row.na_text) answer.notApplicableText = row.na_text;
  if (row.evidence_url) answer.evidenceUrl = row.evidence_url;
  if (row.note) answer.note = row.note;
  if (row.reviewed_by && row.reviewed_at) {
    answer.review = {
      reviewedBy: row.reviewed_by,
      reviewedAt: row.reviewed_at,
    };
  }
  return answer;
}

function fromAnswer(answer: StoredAnswer): AnswerRow {
  return {
    entity_ref: answer.entityRef,
    check_id: answer.checkId,
    status: answer.status,
    na_reason: answer.notApplicableReason ?? null,
    na_text: answer.notApplicableText ?? null,
    evidence_url: answer.evidenceUrl ?? null,
    note: answer.note ?? null,
    answered_by: answer.answeredBy,
    answered_at: answer.answeredAt,
    reviewed_by: answer.review?.reviewedBy ?? null,
    reviewed_at: answer.review?.reviewedAt ?? null,
    version: answer.version,
  };
}

type RoleRow = {
  entity_ref: string;
  role_id: string;
  holders: string;
  assigned_by: string;
  assigned_at: string;
  version: number;
};

function toRole(row: RoleRow): StoredRoleAssignment {
  return {
    entityRef: row.entity_ref,
    roleId: row.role_id,
    holders: JSON.parse(row.holders),
    source: 'portal',
    assignedBy: row.assigned_by,
    assignedAt: row.assigned_at,
    version: Number(row.version),
  };
}

function fromRole(role: StoredRoleAssignment): RoleRow {
  return {
    entity_ref: role.entityRef,
    role_id: role.roleId,
    holders: JSON.stringify(role.holders),
    assigned_by: role.assignedBy,
    assigned_at: role.assignedAt,
    version: role.version,
  };
}

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

type RecordKind = 'answer' | 'role';

/** Where each kind of versioned record lives and how it maps to rows. */
const RECORDS: Record<
  RecordKind,
  {
    table: string;
    key: string;
    read: (row: any) => StoredAnswer | StoredRoleAssignment;
    write: (record: any) => object;
    describe: (id: string) => string;
    missing: (id: string, entityRef: string) => string;
  }
> = {
  answer: {
    table: 'readiness_answers',
    key: 'check_id',
    read: toAnswer,
    write: fromAnswer,
    describe: id => `The answer to ${id} was`,
    missing: (id, ref) => `There is no portal answer to ${id} for ${ref}`,
  },
  role: {
    table: 'readiness_roles',
    key: 'role_id',
    read: toRole,
    write: fromRole,
    describe: id => `The holders of ${id} were`,
    missing: (id, ref) => `There is no portal assignment of ${id} for ${ref}`,
  },
};

/** The knex implementation of {@link ReadinessStore}, for SQLite and PostgreSQL. */
export class DatabaseReadinessStore implements ReadinessStore {
  private readonly supportsRowLocks: boolean;

  constructor(private readonly db: Knex) {
    const client = String(db.client.config.client);
    this.supportsRowLocks = client === 'pg' || client.includes('mysql');
  }

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  lockEntities(tx: Knex.Transaction, entityRefs: string[]) {
    return lockKeys(tx, entityRefs);
  }

  private now(): string {
    return new Date().toISOString();
  }

  private async recordHistory(
    tx: Knex.Transaction,
    entry: Omit<HistoryEntry, 'id' | 'at'> & { at?: string },
  ) {
    await tx('readiness_history').insert({
      entity_ref: entry.entityRef,
      subject: entry.subject,
      subject_id: entry.subjectId,
      action: entry.action,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      actor: entry.actor,
      at: entry.at ?? this.now(),
    });
  }

  // Versioned records: portal answers and role assignments

  /** Reads one answer or role assignment. */
  private async record(
    kind: RecordKind,
    entityRef: string,
    id: string,
    tx: Tx,
  ): Promise<StoredAnswer | StoredRoleAssignment | undefined> {
    const { table, key, read } = RECORDS[kind];
    const row = await tx(table)
      .where({ entity_ref: entityRef, [key]: id })
      .first();
    return row ? read(row) : undefined;
  }

  private async conflict(
    kind: RecordKind,
    tx: Tx,
    entityRef: string,
    id: string,
    expectedVersion: number,
  ): Promise<never> {
    const current = (await this.record(kind, entityRef, id, tx)) ?? null;
    throw Object.assign(
      new ConflictError(
        `${RECORDS[kind].describe(
          id,
        )} changed by someone else (you saw version ${expectedVersion}, the current version is ${
          current?.version ?? 0
        }); reload and apply your change again`,
      ),
      { current },
    );
  }

  /**
   * Creates, replaces or deletes (`after` null) a record if its stored
   * version is the one the writer saw, and records the change in the
   * history. The version in the WHERE clause makes a concurrent writer lose
   * even without row locks; a concurrent insert loses on the primary key.
   */
  private async writeVersioned<T extends StoredAnswer | StoredRoleAssignment>(
    tx: Knex.Transaction,
    change: {
      kind: RecordKind;
      entityRef: string;
      id: string;
      expectedVersion: number;
      after: T | null;
      action: HistoryEntry['action'];
      actor: string;
      /** Fail with 404 when there is nothing stored yet (delete, review). */
      mustExist?: boolean;
    },
  ): Promise<T | null> {
    const { kind, entityRef, id, expectedVersion, after } = change;
    const { table, key, write, missing } = RECORDS[kind];
    const before = await this.record(kind, entityRef, id, tx);
    if (!before && change.mustExist) {
      throw new NotFoundError(missing(id, entityRef));
    }
    if ((before?.version ?? 0) !== expectedVersion) {
      return this.conflict(kind, tx, entityRef, id, expectedVersion);
    }
    const where = {
      entity_ref: entityRef,
      [key]: id,
      version: expectedVersion,
    };
    if (!before) {
      try {
        await tx(table).insert(write(after!));
      } catch (error) {
        if (isUniqueViolation(error)) {
          return this.conflict(kind, tx, entityRef, id, expectedVersion);
        }
        throw error;
      }
    } else {
      const changed = after
        ? await tx(table).where(where).update(write(after))
        : await tx(table).where(where).delete();
      if (changed !== 1) {
        return this.conflict(kind, tx, entityRef, id, expectedVersion);
      }
    }
    await this.recordHistory(tx, {
      entityRef,
      subject: kind,
      subjectId: id,
      action: change.action,
      before: before ?? null,
      after,
      actor: change.actor,
    });
    return after;
  }

  // Answers

  async getAnswers(entityRefs: string[], tx: Tx = this.db) {
    const rows: AnswerRow[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      rows.push(
        ...(await tx<AnswerRow>('readiness_answers').whereIn(
          'entity_ref',
          part,
        )),
      );
    }
    return groupBy(rows.map(toAnswer), a => a.entityRef);
  }

  async getAnswer(entityRef: string, checkId: string, tx: Tx = this.db) {
    return (await this.record('answer', entityRef, checkId, tx)) as
      | StoredAnswer
      | undefined;
  }

  async putAnswer(
    tx: Knex.Transaction,
    entityRef: string,
    checkId: string,
    input: Omit<AnswerInput, 'version'>,
    actor: string,
    expectedVersion: number,
  ) {
    const answer: StoredAnswer = {
      entityRef,
      checkId,
      status: input.status,
      source: 'portal',
      answeredBy: actor,
      answeredAt: this.now(),
      version: expectedVersion + 1,
    };
    if (input.notApplicableReason)
      answer.notApplicableReason = input.notApplicableReason;
    if (input.notApplicableText)
      answer.notApplicableText = input.notApplicableText;
    if (input.evidenceUrl) answer.evidenceUrl = input.evidenceUrl;
    if (input.note) answer.note = input.note;
    await this.writeVersioned(tx, {
      kind: 'answer',
      entityRef,
      id: checkId,
      expectedVersion,
      after: answer,
      action: 'set',
      actor,
    });
    return answer;
  }

  async deleteAnswer(
    tx: Knex.Transaction,
    entityRef: string,
    checkId: string,
    actor: string,
    expectedVersion: number,
  ) {
    await this.writeVersioned(tx, {
      kind: 'answer',
      entityRef,
      id: checkId,
      expectedVersion,
      after: null,
      action: 'delete',
      actor,
      mustExist: true,
    });
  }

  async reviewAnswer(
    tx: Knex.Transaction,
    entityRef: string,
    checkId: string,
    reviewer: string,
    expectedVersion: number,
  ) {
    const before = await this.getAnswer(entityRef, checkId, tx);
    // Four eyes: whoever gave the answer cannot also sign it off.
    if (before && before.answeredBy === reviewer) {
      throw new NotAllowedError(
        `You gave this answer to ${checkId}; someone else must review it`,
      );
    }
    const after: StoredAnswer | null = before
      ? {
          ...before,
          review: { reviewedBy: reviewer, reviewedAt: this.now() },
          version: before.version + 1,
        }
      : null;
    await this.writeVersioned(tx, {
      kind: 'answer',
      entityRef,
      id: checkId,
      expectedVersion,
      after,
      action: 'review',
      actor: reviewer,
      mustExist: true,
    });
    return after!;
  }

  // Roles

  async getRoles(entityRefs: string[], tx: Tx = this.db) {
    const rows: RoleRow[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      rows.push(
        ...(await tx<RoleRow>('readiness_roles').whereIn('entity_ref', part)),
      );
    }
    return groupBy(rows.map(toRole), r => r.entityRef);
  }

  async putRole(
    tx: Knex.Transaction,
    entityRef: string,
    roleId: string,
    holders: string[],
    actor: string,
    expectedVersion: number,
  ) {
    const role: StoredRoleAssignment = {
      entityRef,
      roleId,
      holders,
      source: 'portal',
      assignedBy: actor,
      assignedAt: this.now(),
      version: expectedVersion + 1,
    };
    await this.writeVersioned(tx, {
      kind: 'role',
      entityRef,
      id: roleId,
      expectedVersion,
      after: role,
      action: 'set',
      actor,
    });
    return role;
  }

  async deleteRole(
    tx: Knex.Transaction,
    entityRef: string,
    roleId: string,
    actor: string,
    expectedVersion: number,
  ) {
    await this.writeVersioned(tx, {
      kind: 'role',
      entityRef,
      id: roleId,
      expectedVersion,
      after: null,
      action: 'delete',
      actor,
      mustExist: true,
    });
  }

  // Pushed results

  async getResults(entityRefs: string[], tx: Tx = this.db) {
    const rows: any[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      rows.push(...(await tx('readiness_results').whereIn('entity_ref', part)));
    }
    const results = rows.map(row => {
      const answer: ReadinessAnswer & { entityRef: string } = {
        entityRef: row.entity_ref,
        checkId: row.check_id,
        status: row.status,
        source: 'automatic',
        answeredBy: row.reported_by,
        answeredAt: row.reported_at,
      };
      if (row.evidence_url) answer.evidenceUrl = row.evidence_url;
      if (row.note) answer.note = row.note;
      return answer;
    });
    return groupBy(results, r => r.entityRef) as Map<string, ReadinessAnswer[]>;
  }

  async putResults(
    tx: Knex.Transaction,
    results: PushedResult[],
    actor: string,
  ) {
    const at = this.now();
    const existing = await this.getResults(
      results.map(r => r.entityRef),
      tx,
    );
    for (const result of results) {
      const before = existing
        .get(result.entityRef)
        ?.find(r => r.checkId === result.checkId);
      const row = {
        entity_ref: result.entityRef,
        check_id: result.checkId,
        status: result.status,
        evidence_url: result.evidenceUrl ?? null,
        note: result.note ?? null,
        reported_by: actor,
        reported_at: at,
      };
      await tx('readiness_results')
        .insert(row)
        .onConflict(['entity_ref', 'check_id'])
        .merge();
      await this.recordHistory(tx, {
        entityRef: result.entityRef,
        subject: 'result',
        subjectId: result.checkId,
        action: 'set',
        before: before ?? null,
        after: { ...result, answeredBy: actor, answeredAt: at },
        actor,
        at,
      });
    }
  }

  async deleteResults(
    tx: Knex.Transaction,
    entityRef: string,
    checkIds: string[] | undefined,
    actor: string,
  ) {
    const before = (
      (await this.getResults([entityRef], tx)).get(entityRef) ?? []
    )
      .filter(r => !checkIds || checkIds.includes(r.checkId))
      .sort((a, b) => a.checkId.localeCompare(b.checkId));
    const at = this.now();
    let deleted = 0;
    for (const result of before) {
      // Recorded only if this transaction removed it (not a concurrent one).
      const removed = await tx('readiness_results')
        .where({ entity_ref: entityRef, check_id: result.checkId })
        .delete();
      if (!removed) continue;
      deleted++;
      await this.recordHistory(tx, {
        entityRef,
        subject: 'result',
        subjectId: result.checkId,
        action: 'delete',
        before: result,
        after: null,
        actor,
        at,
      });
    }
    return deleted;
  }

  // History

  async getHistory(entityRef: string, limit: number) {
    const rows = await this.db('readiness_history')
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(
      (row): HistoryEntry => ({
        id: Number(row.id),
        entityRef: row.entity_ref,
        subject: row.subject,
        subjectId: row.subject_id,
        action: row.action,
        before: row.before ? JSON.parse(row.before) : null,
        after: row.after ? JSON.parse(row.after) : null,
        actor: row.actor,
        at: row.at,
      }),
    );
  }

  async historyWatermark() {
    const row = await this.db('readiness_history').max({ id: 'id' }).first();
    return Number(row?.id ?? 0);
  }

  deleteHistoryBefore(at: string, batchSize: number) {
    return deleteHistoryBefore(this.db, at, batchSize);
  }

  async entitiesChangedSince(watermark: number) {
    const rows = await this.db('readiness_history')
      .distinct('entity_ref')
      .where('id', '>', watermark);
    return rows.map(r => r.entity_ref as string);
  }

  // Precomputed scorecards

  async getScorecard(entityRef: string, tx: Tx = this.db, forUpdate = false) {
    let query = tx<ScorecardRow>('readiness_scorecards').where({
      entity_ref: entityRef,
    });
    if (forUpdate && this.supportsRowLocks) query = query.forUpdate();
    const row = await query.first();
    if (!row) return undefined;
    const stored: StoredScorecard = {
      scorecard: { ...JSON.parse(row.scorecard), computedAt: row.computed_at },
      member: JSON.parse(row.member),
    };
    if (row.entity_etag) stored.entityEtag = row.entity_etag;
    return stored;
  }

  async putScorecards(tx: Knex.Transaction, rows: ScorecardRowInput[]) {
    for (const part of chunks(rows, 100)) {
      await tx('readiness_scorecards')
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

  async getScorecardInputs(tx: Tx = this.db) {
    const rows = await tx('readiness_scorecards').select(
      'entity_ref',
      'fingerprint',
      'input_fingerprint',
      'member',
      'title',
    );
    const inputs = new Map<string, StoredScorecardInputs>();
    for (const r of rows) {
      const member: RollupMember = JSON.parse(r.member);
      const snapshot: SnapshotEntity = {
        ref: r.entity_ref,
        owner: member.owner,
        title: r.title ?? undefined,
        score: member.score,
        level: member.level,
      };
      const stored: StoredScorecardInputs = {
        fingerprint: r.fingerprint,
        member,
        snapshot,
      };
      if (r.input_fingerprint) stored.inputFingerprint = r.input_fingerprint;
      inputs.set(r.entity_ref, stored);
    }
    return inputs;
  }

  async deleteScorecards(tx: Knex.Transaction, entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await tx('readiness_scorecards').whereIn('entity_ref', part).delete();
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
    const [{ count }] = await this.db('readiness_scorecards')
      .where(filter)
      .count({ count: '*' });
    const sortColumn = {
      title: 'title',
      entityRef: 'entity_ref',
      score: 'score',
    }[query.sort ?? 'score'];
    const rows = await this.db<ScorecardRow>('readiness_scorecards')
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
      const rows = await this.db<ScorecardRow>('readiness_scorecards')
        .where('entity_ref', '>', after)
        .select('entity_ref', 'member', 'title', 'computed_at')
        .orderBy('entity_ref')
        .limit(pageSize);
      if (!rows.length) return;
      yield rows.map(toSummary);
      after = rows[rows.length - 1].entity_ref;
    }
  }

  // Rollups

  async getRollups(refs: string[], tx: Tx = this.db, forUpdate = false) {
    const result = new Map<string, Rollup>();
    // Sorted, so concurrent writers lock shared ancestors in the same order.
    for (const part of chunks([...new Set(refs)].sort())) {
      let query = tx('readiness_rollups')
        .whereIn('rollup_ref', part)
        .orderBy('rollup_ref')
        .select('rollup');
      if (forUpdate && this.supportsRowLocks) query = query.forUpdate();
      for (const row of await query) {
        const rollup: Rollup = JSON.parse(row.rollup);
        result.set(rollup.ref, rollup);
      }
    }
    return result;
  }

  async putRollups(
    tx: Knex.Transaction,
    rollups: Rollup[],
    computedAt: string,
  ) {
    for (const part of chunks(rollups, 100)) {
      await tx('readiness_rollups')
        .insert(
          part.map(r => ({
            rollup_ref: r.ref,
            kind: r.kind,
            title: r.title ?? null,
            parent_ref: r.parent ?? null,
            score: r.score,
            entity_count: r.aggregate.entities,
            rollup: JSON.stringify(r),
            computed_at: computedAt,
          })),
        )
        .onConflict('rollup_ref')
        .merge();
    }
  }

  async deleteRollupsComputedBefore(tx: Knex.Transaction, computedAt: string) {
    await tx('readiness_rollups')
      .where('computed_at', '<', computedAt)
      .delete();
  }

  private async listRollupRows(
    table: string,
    query: RollupQuery,
    extra: (qb: Knex.QueryBuilder) => void,
    columns: { kind: string; ref: string; json: string },
  ) {
    const filter = (qb: Knex.QueryBuilder) => {
      extra(qb);
      qb.where(columns.kind, query.kind);
      if (query.parent === null) qb.whereNull('parent_ref');
      else if (query.parent !== undefined) qb.where('parent_ref', query.parent);
      if (query.search) {
        const pattern = likePattern(query.search);
        qb.where(inner =>
          inner
            .whereRaw("lower(coalesce(title, '')) like ? escape '\\'", [
              pattern,
            ])
            .orWhereRaw(`${columns.ref} like ? escape '\\'`, [pattern]),
        );
      }
    };
    const [{ count }] = await this.db(table)
      .where(filter)
      .count({ count: '*' });
    const sortColumn = { title: 'title', ref: columns.ref, score: 'score' }[
      query.sort ?? 'score'
    ];
    const rows = await this.db(table)
      .where(filter)
      .select(columns.json)
      .orderByRaw('?? is null', [sortColumn])
      .orderBy(sortColumn, query.order ?? 'asc')
      .orderBy(columns.ref, 'asc')
      .limit(query.limit)
      .offset(query.offset);
    return {
      items: rows.map(row => JSON.parse(row[columns.json]) as Rollup),
      totalCount: Number(count),
    };
  }

  listRollups(query: RollupQuery) {
    return this.listRollupRows('readiness_rollups', query, () => {}, {
      kind: 'kind',
      ref: 'rollup_ref',
      json: 'rollup',
    });
  }

  // Snapshots

  async putSnapshots(
    tx: Knex.Transaction,
    day: string,
    entities: SnapshotEntity[],
    rollups: Rollup[],
  ) {
    const rows = [
      ...entities.map(e => ({
        day,
        subject_ref: e.ref,
        subject_kind: 'entity',
        parent_ref: e.owner ?? null,
        title: e.title ?? null,
        score: e.score,
        level: e.level,
        data: null,
      })),
      ...rollups.map(r => ({
        day,
        subject_ref: r.ref,
        subject_kind: r.kind,
        parent_ref: r.parent ?? null,
        title: r.title ?? null,
        score: r.score,
        level: null,
        data: JSON.stringify(r),
      })),
    ];
    for (const part of chunks(rows, 100)) {
      await tx('readiness_snapshots')
        .insert(part)
        .onConflict(['subject_ref', 'subject_kind', 'day'])
        .merge();
    }
  }

  async snapshotDayOnOrBefore(day: string) {
    const row = await this.db('readiness_snapshots')
      .where('day', '<=', day)
      .max({ day: 'day' })
      .first();
    return row?.day ?? undefined;
  }

  listRollupsAsOf(day: string, query: RollupQuery) {
    return this.listRollupRows(
      'readiness_snapshots',
      query,
      qb => {
        qb.where('day', day);
      },
      { kind: 'subject_kind', ref: 'subject_ref', json: 'data' },
    );
  }

  async getRollupAsOf(day: string, ref: string) {
    const row = await this.db('readiness_snapshots')
      .where({ day, subject_ref: ref })
      .whereNot('subject_kind', 'entity')
      .first();
    return row?.data ? (JSON.parse(row.data) as Rollup) : undefined;
  }

  async listEntitiesAsOf(
    day: string,
    owner: string,
    limit: number,
    offset: number,
  ) {
    const filter = { day, subject_kind: 'entity', parent_ref: owner };
    const [{ count }] = await this.db('readiness_snapshots')
      .where(filter)
      .count({ count: '*' });
    const rows = await this.db('readiness_snapshots')
      .where(filter)
      .orderByRaw('?? is null', ['score'])
      .orderBy('score', 'asc')
      .orderBy('subject_ref')
      .limit(limit)
      .offset(offset);
    return {
      items: rows.map(
        (row): SnapshotEntity => ({
          ref: row.subject_ref,
          owner: row.parent_ref ?? undefined,
          title: row.title ?? undefined,
          score: row.score === null ? null : Number(row.score),
          level: row.level,
        }),
      ),
      totalCount: Number(count),
    };
  }

  async getSnapshots(ref: string, kind: SnapshotKind, sinceDay: string) {
    const rows = await this.db('readiness_snapshots')
      .where({ subject_ref: ref, subject_kind: kind })
      .where('day', '>=', sinceDay)
      .orderBy('day', 'asc')
      .select('day', 'score', 'level');
    return rows.map(
      (row): ScoreSnapshot => ({
        day: row.day,
        score: row.score === null ? null : Number(row.score),
        level: row.level,
      }),
    );
  }

  listSnapshotDaysBefore(day: string) {
    return listSnapshotDaysBefore(this.db, day);
  }

  deleteSnapshotDay(day: string, batchSize: number) {
    return deleteSnapshotDay(this.db, day, batchSize);
  }

  // State

  async getState<T>(key: string) {
    const row = await this.db('readiness_state').where({ key }).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setState(key: string, value: unknown, tx: Tx = this.db) {
    await tx('readiness_state')
      .insert({ key, value: JSON.stringify(value) })
      .onConflict('key')
      .merge();
  }

  // Backup

  async exportAll() {
    const answers = (
      await this.db<AnswerRow>('readiness_answers').orderBy([
        'entity_ref',
        'check_id',
      ])
    ).map(toAnswer);
    const roles = (
      await this.db<RoleRow>('readiness_roles').orderBy([
        'entity_ref',
        'role_id',
      ])
    ).map(toRole);
    return { answers, roles };
  }

  async importAll(
    tx: Knex.Transaction,
    data: Pick<ReadinessExport, 'answers' | 'roles'>,
    actor: string,
  ) {
    const beforeAnswers = (await tx<AnswerRow>('readiness_answers')).map(
      toAnswer,
    );
    const beforeRoles = (await tx<RoleRow>('readiness_roles')).map(toRole);
    await tx('readiness_answers').delete();
    await tx('readiness_roles').delete();
    for (const part of chunks(data.answers, 100)) {
      await tx('readiness_answers').insert(part.map(fromAnswer));
    }
    for (const part of chunks(data.roles, 100)) {
      await tx('readiness_roles').insert(part.map(fromRole));
    }
    const at = this.now();
    const key = (ref: string, id: string) => `${ref}\u0000${id}`;
    const oldAnswers = new Map(
      beforeAnswers.map(a => [key(a.entityRef, a.checkId), a]),
    );
    const oldRoles = new Map(
      beforeRoles.map(r => [key(r.entityRef, r.roleId), r]),
    );
    const history: Omit<HistoryEntry, 'id'>[] = [];
    for (const a of data.answers) {
      const k = key(a.entityRef, a.checkId);
      history.push({
        entityRef: a.entityRef,
        subject: 'answer',
        subjectId: a.checkId,
        action: 'import',
        before: oldAnswers.get(k) ?? null,
        after: a,
        actor,
        at,
      });
      oldAnswers.delete(k);
    }
    for (const r of data.roles) {
      const k = key(r.entityRef, r.roleId);
      history.push({
        entityRef: r.entityRef,
        subject: 'role',
        subjectId: r.roleId,
        action: 'import',
        before: oldRoles.get(k) ?? null,
        after: r,
        actor,
        at,
      });
      oldRoles.delete(k);
    }
    for (const a of oldAnswers.values()) {
      history.push({
        entityRef: a.entityRef,
        subject: 'answer',
        subjectId: a.checkId,
        action: 'delete',
        before: a,
        after: null,
        actor,
        at,
      });
    }
    for (const r of oldRoles.values()) {
      history.push({
        entityRef: r.entityRef,
        subject: 'role',
        subjectId: r.roleId,
        action: 'delete',
        before: r,
        after: null,
        actor,
        at,
      });
    }
    for (const part of chunks(history, 100)) {
      await tx('readiness_history').insert(
        part.map(h => ({
          entity_ref: h.entityRef,
          subject: h.subject,
          subject_id: h.subjectId,
          action: h.action,
          before: h.before === null ? null : JSON.stringify(h.before),
          after: h.after === null ? null : JSON.stringify(h.after),
          actor: h.actor,
          at: h.at,
        })),
      );
    }
    return { answers: data.answers.length, roles: data.roles.length };
  }
}
