/*
 * Exemptions (waivers): an owner asks that a failing check be waived until
 * an end date; someone else approves or rejects. Unlike a not-applicable
 * answer (the check does not apply to the entity), an exemption says the
 * check applies but is waived for now: while approved and not ended the
 * check is `exempt` (left out of the score's denominator, blocking no
 * level); when it ends the check counts again.
 */

/**
 * Why an exemption is asked for; a fixed list, the same in every
 * deployment, so rollups and reports can group by it.
 * @public
 */
export const EXEMPTION_REASONS = [
  /** Another control covers the risk the check is about. */
  'compensating-control',
  /** The fix is planned and scheduled before the end date. */
  'planned-remediation',
  /** Waiting on a vendor or another team. */
  'external-dependency',
  /** The entity is being retired before the end date. */
  'decommissioning',
  /** The risk is accepted by the business for now. */
  'accepted-risk',
  'other',
] as const;

/** @public */
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

/** Stored state of an exemption; "ended" is approved with its end date past. @public */
export type ExemptionStatus = 'pending' | 'approved' | 'rejected';

/** An exemption of one check of one entity, as stored. @public */
export interface ReadinessExemption {
  id: string;
  entityRef: string;
  checkId: string;
  reasonCode: ExemptionReason;
  reasonText: string;
  /** The day (YYYY-MM-DD) the check counts again, from 00:00 UTC. */
  endsOn: string;
  status: ExemptionStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** What the approver or rejecter wrote. */
  decisionNote?: string;
  /** When the end of an approved exemption was recorded in the history. */
  endRecordedAt?: string;
  version: number;
}

/**
 * What a scorecard's check result says of its exemption: a pending request,
 * or an approved exemption in force.
 * @public
 */
export type CheckExemption = Pick<
  ReadinessExemption,
  | 'id'
  | 'status'
  | 'reasonCode'
  | 'reasonText'
  | 'endsOn'
  | 'requestedBy'
  | 'requestedAt'
  | 'decidedBy'
  | 'decidedAt'
>;

/** Per rollup: exemptions in force, and those ending within 30 days. @public */
export interface ExemptionCounts {
  active: number;
  endingSoon: number;
}

/** An exemption as listed for an entity, with whether the caller may decide it. @public */
export interface ListedExemption extends ReadinessExemption {
  /** Pending, and the caller may approve or reject it (not its requester). */
  canDecide: boolean;
}

/** `GET /entities/:kind/:namespace/:name/exemptions`. @public */
export interface ExemptionListResponse {
  items: ListedExemption[];
  /** `readiness.exemptions.maxDays`: the latest end date a request may ask for. */
  maxDays: number;
}

/** The answer to an exemption write: the exemption and the entity's new scorecard. @public */
export interface ExemptionWriteResponse {
  exemption: ReadinessExemption;
  /** The rescored scorecard; absent when the caller may not read scorecards (`readiness.scorecard.read`). */
  scorecard?: import('../types').EntityScorecard;
}
