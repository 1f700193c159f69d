import {
  HistoryEntry,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';

/* How answers, role assignments and history entries map to table rows. */

export type AnswerRow = {
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

export function toAnswer(row: AnswerRow): StoredAnswer {
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

export function fromAnswer(answer: StoredAnswer): AnswerRow {
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

export type RoleRow = {
  entity_ref: string;
  role_id: string;
  holders: string;
  assigned_by: string;
  assigned_at: string;
  version: number;
};

export function toRole(row: RoleRow): StoredRoleAssignment {
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

export function fromRole(role: StoredRoleAssignment): RoleRow {
  return {
    entity_ref: role.entityRef,
    role_id: role.roleId,
    holders: JSON.stringify(role.holders),
    assigned_by: role.assignedBy,
    assigned_at: role.assignedAt,
    version: role.version,
  };
}

export type RecordKind = 'answer' | 'role';

/** Where each kind of versioned record lives and how it maps to rows. */
export const RECORDS: Record<
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

/** The row of a history entry. */
export function historyRow(entry: Omit<HistoryEntry, 'id'>) {
  return {
    entity_ref: entry.entityRef,
    subject: entry.subject,
    subject_id: entry.subjectId,
    action: entry.action,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
    actor: entry.actor,
    at: entry.at,
  };
}

/** A history entry read back from its row. */
export function toHistoryEntry(row: any): HistoryEntry {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    subject: row.subject,
    subjectId: row.subject_id,
    action: row.action,
    before: row.before ? JSON.parse(row.before) : null,
    after: row.after ? JSON.parse(row.after) : null,
    actor: row.actor,
    at: row.at,
  };
}
