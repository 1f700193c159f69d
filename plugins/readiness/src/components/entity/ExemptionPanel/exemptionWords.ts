import { ExemptionReason } from '@prodready/plugin-readiness-common';

/** The reason codes in words, in the order the request form lists them. */
export const EXEMPTION_REASON_LABELS: Record<ExemptionReason, string> = {
  'compensating-control': 'A compensating control covers the risk',
  'planned-remediation': 'The fix is planned before the end date',
  'external-dependency': 'Waiting on a vendor or another team',
  decommissioning: 'The entity is retired before the end date',
  'accepted-risk': 'The risk is accepted for now',
  other: 'Other',
};

/** Today plus `days`, as YYYY-MM-DD (UTC, as the backend counts). */
export function dayFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000)
    .toISOString()
    .slice(0, 10);
}
