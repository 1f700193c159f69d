import {
  HistoryEntry,
  ReadinessExport,
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
import { recordVersion } from './importedVersion';

/** Export and import of what owners said (answers and roles), for backups and moves. */
export class Backup {
  constructor(private readonly store: StoreDatabase) {}

  /** The answers, then the roles, a page at a time in key order, for a backup. */
  async *answerPages(pageSize: number) {
    const pages = keysetPages<AnswerRow>(
      this.store.db,
      'readiness_answers',
      ['entity_ref', 'check_id'],
      pageSize,
    );
    for await (const rows of pages) yield rows.map(toAnswer);
  }

  async *rolePages(pageSize: number) {
    const pages = keysetPages<RoleRow>(
      this.store.db,
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

  async importAll(
    transaction: StoreTransaction,
    data: Pick<ReadinessExport, 'answers' | 'roles'>,
    actor: string,
  ) {
    const tx = knexOf(transaction);
    const key = (ref: string, id: string) => `${ref}\u0000${id}`;
    const oldAnswers = new Map(
      (await tx<AnswerRow>('readiness_answers'))
        .map(toAnswer)
        .map(a => [key(a.entityRef, a.checkId), a] as const),
    );
    const oldRoles = new Map(
      (await tx<RoleRow>('readiness_roles'))
        .map(toRole)
        .map(r => [key(r.entityRef, r.roleId), r] as const),
    );
    const answers = data.answers.map(a => ({
      ...a,
      // Compared as the store reads it back (an empty note reads as none).
      version: recordVersion(
        oldAnswers.get(key(a.entityRef, a.checkId)),
        toAnswer(fromAnswer(a)),
      ),
    }));
    const roles = data.roles.map(r => ({
      ...r,
      version: recordVersion(
        oldRoles.get(key(r.entityRef, r.roleId)),
        toRole(fromRole(r)),
      ),
    }));
    await tx('readiness_answers').delete();
    await tx('readiness_roles').delete();
    for (const part of chunks(answers, 100)) {
      await tx('readiness_answers').insert(part.map(fromAnswer));
    }
    for (const part of chunks(roles, 100)) {
      await tx('readiness_roles').insert(part.map(fromRole));
    }
    const at = this.store.now();
    const history: Omit<HistoryEntry, 'id'>[] = [];
    for (const a of answers) {
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
    for (const r of roles) {
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
      await tx('readiness_history').insert(part.map(historyRow));
    }
    return { answers: data.answers.length, roles: data.roles.length };
  }
}
