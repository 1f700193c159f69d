/** @public */
export type AnswerStatus =
  | 'met'
  | 'partially-met'
  | 'not-met'
  | 'not-applicable';

/** @public */
export const NOT_APPLICABLE_REASONS = [
  'out-of-scope',
  'business-priority',
  'architecture-constraint',
  'other',
] as const;

/** @public */
export type NotApplicableReason = (typeof NOT_APPLICABLE_REASONS)[number];

/** Where an answer came from. @public */
export type AnswerSource = 'portal' | 'annotation' | 'automatic';

/** @public */
export interface ReviewSignOff {
  reviewedBy: string;
  reviewedAt: string;
}

/** An answer to one check of one entity, from any source. @public */
export interface ReadinessAnswer {
  checkId: string;
  status: AnswerStatus;
  /** Required when status is `not-applicable`. */
  notApplicableReason?: NotApplicableReason;
  /** Required text explaining a not-applicable answer. */
  notApplicableText?: string;
  /** http(s) URL of the evidence. */
  evidenceUrl?: string;
  note?: string;
  /** Entity ref of the user (portal), `annotation`, or the detector / service id (automatic). */
  answeredBy?: string;
  /** ISO timestamp (portal, automatic) or date (annotation) the answer was given. */
  answeredAt?: string;
  review?: ReviewSignOff;
  source: AnswerSource;
  /** Optimistic-concurrency version of a portal answer. */
  version?: number;
}

/** A role assignment of one entity, from annotations or the portal. @public */
export interface ReadinessRoleAssignment {
  roleId: string;
  /** Full entity refs of users or groups. */
  holders: string[];
  source: 'portal' | 'annotation';
  assignedBy?: string;
  assignedAt?: string;
  version?: number;
}

/** A malformed annotation or configuration value; never thrown, always listed. @public */
export interface ValidationProblem {
  /** The annotation key (or config path) that is wrong. */
  key: string;
  message: string;
  checkId?: string;
  roleId?: string;
}
