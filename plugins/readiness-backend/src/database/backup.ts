import {
  HistoryEntry,
  ReadinessExport,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import {
  AnswerRow,
  fromAnswer,
  fromRole,
  historyRow,
  RoleRow,
  toAnswer,
  toRole,
} from './recordRows';
import { StoreTransaction } from './ReadinessStore';
import { chunks, keysetPages, knexOf, StoreDatabase } from './storeDatabase';
import { RecordChange, RecordTable, replaceRecords } from './replaceRecords';

const ANSWERS: RecordTable<AnswerRow, StoredAnswer> = {
  table: 'readiness_answers',
  key: ['entity_ref', 'check_id'],
  keyOf: a => `${a.entityRef}\u0000${a.checkId}`,
  toRecord: toAnswer,
  fromRecord: fromAnswer,
};

const ROLES: RecordTable<RoleRow, StoredRoleAssignment> = {
  table: 'readiness_roles',
  key: ['entity_ref', 'role_id'],
  keyOf: r => `${r.entityRef}\u0000${r.roleId}`,
  toRecord: toRole,
  fromRecord: fromRole,
};

/** Export and import of what owners said (answers and roles), for backups and moves. */
export class Backup {
  constructor(private readonly store: StoreDatabase) {}

  /** The answers, then the roles, a page at a time in key order, for a backup. */
  async *answerPages(pageSize: number, tx?: StoreTransaction) {
    const pages = keysetPages<AnswerRow>(
      this.store.on(tx),
      'readiness_answers',
      ['entity_ref', 'check_id'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(toAnswer);
  }

  async *rolePages(pageSize: number, tx?: StoreTransaction) {
    const pages = keysetPages<RoleRow>(
      this.store.on(tx),
      'readiness_roles',
      ['entity_ref', 'role_id'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(toRole);
  }

  /**
   * Holds off every writer until the transaction ends, before the import
   * touches a row. Writers take their entities' lock keys (or the campaign
   * progress key) before any row, so an import that holds the lock table
   * waits for those under way and is not waited on by a writer holding a
   * row it needs: taking rows as it met them, it would wait on a write
   * that waits on it (one of them aborted). The exemptions and campaigns
   * tables are held too, so a request that commits meanwhile is neither lost
   * nor doubled by a restore that replaces them whole; and the scorecards,
   * which a kept fingerprint basis is written to without a lock key. Reads
   * go on. SQLite writes one transaction at a time anyway.
   */
  async lockForImport(transaction: StoreTransaction) {
    if (!this.store.isPostgres) return;
    await knexOf(transaction).raw(
      'LOCK TABLE readiness_locks, readiness_exemptions, readiness_campaigns, readiness_scorecards IN EXCLUSIVE MODE',
    );
  }

  /**
   * Replaces every answer and role with those of an import, recording each
   * change in the history; the stored ones are read a page at a time.
   */
  async importAll(
    transaction: StoreTransaction,
    data: Pick<ReadinessExport, 'answers' | 'roles'>,
    actor: string,
  ) {
    const tx = knexOf(transaction);
    const at = this.store.now();
    const history =
      <T>(subject: 'answer' | 'role', subjectIdOf: (r: T) => string) =>
      async (changes: RecordChange<T & { entityRef: string }>[]) => {
        const entries = changes.map(
          ({ action, before, after }): Omit<HistoryEntry, 'id'> => ({
            entityRef: (after ?? before)!.entityRef,
            subject,
            subjectId: subjectIdOf((after ?? before)!),
            action,
            before,
            after,
            actor,
            at,
          }),
        );
        for (const part of chunks(entries, 100)) {
          await tx('readiness_history').insert(part.map(historyRow));
        }
      };
    await replaceRecords(
      tx,
      ANSWERS,
      data.answers,
      history<StoredAnswer>('answer', a => a.checkId),
    );
    await replaceRecords(
      tx,
      ROLES,
      data.roles,
      history<StoredRoleAssignment>('role', r => r.roleId),
    );
    return { answers: data.answers.length, roles: data.roles.length };
  }
}
