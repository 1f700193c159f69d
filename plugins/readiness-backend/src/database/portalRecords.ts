import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Knex } from 'knex';
import {
  AnswerInput,
  HistoryEntry,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { HistoryTable } from './historyTable';
import {
  AnswerRow,
  RECORDS,
  RecordKind,
  RoleRow,
  toAnswer,
  toRole,
} from './recordRows';
import { RefSelection, StoreTransaction } from './ReadinessStore';
import {
  groupBy,
  insertUnlessPresent,
  knexOf,
  rowsOfRefs,
  StoreDatabase,
} from './storeDatabase';

/**
 * What owners say in the portal, as versioned records: answers to checks and
 * role assignments. Every write names the version it saw, and loses with a
 * ConflictError if someone else wrote in between.
 */
export class PortalRecords {
  constructor(
    private readonly store: StoreDatabase,
    private readonly history: HistoryTable,
  ) {}

  // Versioned records: portal answers and role assignments

  /** Reads one answer or role assignment. */
  private async record(
    kind: RecordKind,
    entityRef: string,
    id: string,
    tx: Knex | Knex.Transaction,
  ): Promise<StoredAnswer | StoredRoleAssignment | undefined> {
    const { table, key, read } = RECORDS[kind];
    const row = await tx(table)
      .where({ entity_ref: entityRef, [key]: id })
      .first();
    return row ? read(row) : undefined;
  }

  private async conflict(
    kind: RecordKind,
    tx: Knex | Knex.Transaction,
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
      // Numbered on from a deleted record's last version: an editor who
      // saw that one is told of the new record, not allowed to replace it.
      after!.version =
        (await this.history.lastVersionOf(tx, entityRef, kind, id)) + 1;
      if (!(await insertUnlessPresent(tx, table, write(after!)))) {
        return this.conflict(kind, tx, entityRef, id, expectedVersion);
      }
    } else {
      const changed = after
        ? await tx(table).where(where).update(write(after))
        : await tx(table).where(where).delete();
      if (changed !== 1) {
        return this.conflict(kind, tx, entityRef, id, expectedVersion);
      }
    }
    await this.history.record(tx, {
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

  async getAnswers(entities: RefSelection, tx?: StoreTransaction) {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<AnswerRow>(entities, () =>
      db('readiness_answers'),
    );
    return groupBy(rows.map(toAnswer), a => a.entityRef);
  }

  async getAnswer(entityRef: string, checkId: string, tx?: StoreTransaction) {
    return (await this.record(
      'answer',
      entityRef,
      checkId,
      this.store.on(tx),
    )) as StoredAnswer | undefined;
  }

  async putAnswer(
    tx: StoreTransaction,
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
      answeredAt: this.store.now(),
      version: expectedVersion + 1,
    };
    if (input.notApplicableReason)
      answer.notApplicableReason = input.notApplicableReason;
    if (input.notApplicableText)
      answer.notApplicableText = input.notApplicableText;
    if (input.evidenceUrl) answer.evidenceUrl = input.evidenceUrl;
    if (input.note) answer.note = input.note;
    await this.writeVersioned(knexOf(tx), {
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
    tx: StoreTransaction,
    entityRef: string,
    checkId: string,
    actor: string,
    expectedVersion: number,
  ) {
    await this.writeVersioned(knexOf(tx), {
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
    tx: StoreTransaction,
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
          review: { reviewedBy: reviewer, reviewedAt: this.store.now() },
          version: before.version + 1,
        }
      : null;
    await this.writeVersioned(knexOf(tx), {
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

  async getRoles(entities: RefSelection, tx?: StoreTransaction) {
    const db = this.store.on(tx);
    const rows = await rowsOfRefs<RoleRow>(entities, () =>
      db('readiness_roles'),
    );
    return groupBy(rows.map(toRole), r => r.entityRef);
  }

  async putRole(
    tx: StoreTransaction,
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
      assignedAt: this.store.now(),
      version: expectedVersion + 1,
    };
    await this.writeVersioned(knexOf(tx), {
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
    tx: StoreTransaction,
    entityRef: string,
    roleId: string,
    actor: string,
    expectedVersion: number,
  ) {
    await this.writeVersioned(knexOf(tx), {
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
}
