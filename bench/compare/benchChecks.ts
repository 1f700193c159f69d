/*
 * The ten readiness checks both tools evaluate in `npm run bench:compare`:
 * every scored entity carries one `prodready.dev/check.<id>` annotation for
 * each, and nothing else of ours. This project scores them with its whole
 * model; Tech Insights gets one boolean fact per check from a fact retriever
 * and one JSON-rules check per fact (`fact == true`).
 *
 * Pure (no imports): the Tech Insights host, which resolves packages from its
 * own workspace, shares it with the rest of the bench.
 */

/** A check of the readiness model, and the Tech Insights fact standing for it. */
export interface BenchCheck {
  checkId: string;
  /** Fact name in Tech Insights (a plain identifier). */
  fact: string;
  /** An answer older than this many days no longer counts as met. */
  expiresAfterDays?: number;
}

/** Ten checks that apply to components, systems and resources alike, with no detector of their own. */
export const BENCH_CHECKS: BenchCheck[] = [
  { checkId: 'resiliency.availability-target', fact: 'availabilityTarget' },
  {
    checkId: 'resiliency.single-points-of-failure',
    fact: 'noSinglePointsOfFailure',
  },
  { checkId: 'resiliency.multi-region', fact: 'multiRegion' },
  { checkId: 'monitoring.audit-trail', fact: 'auditTrail' },
  { checkId: 'monitoring.centralised-logs', fact: 'centralisedLogs' },
  { checkId: 'recoverability.backups', fact: 'backups', expiresAfterDays: 365 },
  {
    checkId: 'recoverability.restore-test',
    fact: 'restoreTest',
    expiresAfterDays: 90,
  },
  { checkId: 'recoverability.recovery-strategy', fact: 'recoveryStrategy' },
  { checkId: 'support.support-model', fact: 'supportModel' },
  {
    checkId: 'security.access-review',
    fact: 'accessReview',
    expiresAfterDays: 90,
  },
];

export const ANNOTATION_PREFIX = 'prodready.dev/';
export const annotationOf = (check: BenchCheck) =>
  `${ANNOTATION_PREFIX}check.${check.checkId}`;

/** The kinds both tools score. */
export const SCORED_KINDS = ['component', 'system', 'resource'];

const DAY = 86_400_000;

/**
 * The Tech Insights reading of an annotation value (`met; date=…; …`): met,
 * and for a check that expires, dated within its period. This project's
 * engine reads the same grammar with more rules (evidence, notes, partial
 * credit, malformed values reported); both call a missing value not met.
 */
export function isMet(
  value: string | undefined,
  check: BenchCheck,
  now: Date,
): boolean {
  if (!value) return false;
  const [status, ...fields] = value.split(';').map(f => f.trim());
  if (status !== 'met') return false;
  if (check.expiresAfterDays === undefined) return true;
  const date = fields.find(f => f.startsWith('date='))?.slice(5);
  const time = date ? Date.parse(date) : NaN;
  return (
    Number.isFinite(time) &&
    now.getTime() - time <= check.expiresAfterDays * DAY
  );
}
