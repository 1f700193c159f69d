import type { ReadinessExemption } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days before its end an exemption counts as ending soon in rollups and notices. @public */
export const EXEMPTION_ENDING_SOON_DAYS = 30;

/** The instant an exemption ends: 00:00 UTC of its end day. @public */
export function exemptionEndMs(endsOn: string): number {
  return Date.parse(`${endsOn}T00:00:00Z`);
}

/** Whether an exemption waives its check at `now`: approved and not ended. @public */
export function exemptionInForce(
  exemption: Pick<ReadinessExemption, 'status' | 'endsOn'>,
  now: number,
): boolean {
  return (
    exemption.status === 'approved' && exemptionEndMs(exemption.endsOn) > now
  );
}

/**
 * Whether an exemption still stands at `now`: a request awaiting its
 * decision, or an exemption in force. A request still pending on its end
 * day has lapsed: it can no longer be decided, and another may be asked for.
 * @public
 */
export function exemptionOpen(
  exemption: Pick<ReadinessExemption, 'status' | 'endsOn' | 'endRecordedAt'>,
  now: number,
): boolean {
  return (
    (exemption.status === 'pending' || exemption.status === 'approved') &&
    !exemption.endRecordedAt &&
    exemptionEndMs(exemption.endsOn) > now
  );
}

/** Whether an exemption in force ends within {@link EXEMPTION_ENDING_SOON_DAYS} of `now`. @public */
export function exemptionEndingSoon(endsOn: string, now: number): boolean {
  const end = exemptionEndMs(endsOn);
  return end > now && end <= now + EXEMPTION_ENDING_SOON_DAYS * DAY_MS;
}

/**
 * The instants after `now` at which what exemptions do to a scorecard
 * changes: each in-force exemption's start of "ending soon" and its end.
 * The earliest is part of the input fingerprint, so an entity is scored
 * again when one passes.
 * @public
 */
export function nextExemptionChange(
  exemptions: Iterable<Pick<ReadinessExemption, 'status' | 'endsOn'>>,
  now: number,
): number {
  let next = 0;
  for (const exemption of exemptions) {
    if (exemption.status !== 'approved') continue;
    const end = exemptionEndMs(exemption.endsOn);
    for (const at of [end - EXEMPTION_ENDING_SOON_DAYS * DAY_MS, end]) {
      if (at > now && (!next || at < next)) next = at;
    }
  }
  return next;
}

/** Today plus `days`, as YYYY-MM-DD. @public */
export function dayAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
