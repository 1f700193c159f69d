import {
  ExemptionReason,
  ExemptionStatus,
  ReadinessExemption,
} from '@prodready/plugin-readiness-common';

/** A row of `readiness_exemptions`. */
export type ExemptionRow = {
  id: string;
  entity_ref: string;
  check_id: string;
  reason_code: string;
  reason_text: string;
  ends_on: string;
  status: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  end_recorded_at: string | null;
  version: number;
};

export function toExemption(row: ExemptionRow): ReadinessExemption {
  const exemption: ReadinessExemption = {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    reasonCode: row.reason_code as ExemptionReason,
    reasonText: row.reason_text,
    endsOn: row.ends_on,
    status: row.status as ExemptionStatus,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    version: Number(row.version),
  };
  if (row.decided_by) exemption.decidedBy = row.decided_by;
  if (row.decided_at) exemption.decidedAt = row.decided_at;
  if (row.decision_note) exemption.decisionNote = row.decision_note;
  if (row.end_recorded_at) exemption.endRecordedAt = row.end_recorded_at;
  return exemption;
}

export function fromExemption(e: ReadinessExemption): ExemptionRow {
  return {
    id: e.id,
    entity_ref: e.entityRef,
    check_id: e.checkId,
    reason_code: e.reasonCode,
    reason_text: e.reasonText,
    ends_on: e.endsOn,
    status: e.status,
    requested_by: e.requestedBy,
    requested_at: e.requestedAt,
    decided_by: e.decidedBy ?? null,
    decided_at: e.decidedAt ?? null,
    decision_note: e.decisionNote ?? null,
    end_recorded_at: e.endRecordedAt ?? null,
    version: e.version,
  };
}

export type HistoryAction = 'request' | 'approve' | 'reject' | 'end';

/** An exemption's change as the history keeps it. */
export function historyEntry(
  action: HistoryAction,
  before: ReadinessExemption | null,
  after: ReadinessExemption,
  actor: string,
) {
  return {
    entityRef: after.entityRef,
    subject: 'exemption' as const,
    subjectId: after.checkId,
    action,
    before,
    after,
    actor,
  };
}
