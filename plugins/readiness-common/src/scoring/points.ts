import { CheckStatus, ReadinessAnswer } from '../types';

/** Points of a check status; null means excluded from the denominator. @public */
export function pointsFor(status: CheckStatus): number | null {
  switch (status) {
    case 'met':
      return 1;
    case 'partially-met':
      return 0.5;
    case 'not-applicable':
    case 'exempt':
    case 'upcoming':
      return null;
    default:
      return 0;
  }
}

/**
 * Met or not applicable: what a gate check needs to pass. An upcoming check
 * does not count yet, so it blocks nothing either; nor does an exempt one.
 * @public
 */
export function passesGate(status: CheckStatus): boolean {
  return (
    status === 'met' ||
    status === 'not-applicable' ||
    status === 'upcoming' ||
    status === 'exempt'
  );
}

/** The instant a `YYYY-MM-DD` date starts (midnight UTC). @public */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Rounds a score to one decimal so stored and displayed values agree. */
export function roundScore(value: number): number {
  return Math.round(value * 10) / 10;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant from which an annotation's answer counts: its `date` is the
 * day it was given, so a date after today is not yet an answer (a typo, or
 * a way to keep an expiring answer met). A day of slack, as that day has
 * already begun in zones ahead of UTC. Undefined for answers of other
 * sources (their time is the server's) and answers without a date.
 * @public
 */
export function answerCountsFromMs(
  answer: Pick<ReadinessAnswer, 'source' | 'answeredAt'>,
): number | undefined {
  if (answer.source !== 'annotation' || !answer.answeredAt) return undefined;
  const at = answer.answeredAt;
  return Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at) - DAY_MS;
}

/** The ISO date an answer given at `answeredAt` expires, or undefined. */
export function expiryDate(
  answeredAt: string | undefined,
  expiresAfterDays: number | undefined,
): string | undefined {
  if (expiresAfterDays === undefined || !answeredAt) {
    return undefined;
  }
  const given = Date.parse(
    answeredAt.length === 10 ? `${answeredAt}T00:00:00Z` : answeredAt,
  );
  const expires = given + expiresAfterDays * DAY_MS;
  // Outside the range of Date (±8.64e15 ms): no expiry rather than a throw.
  if (!(Math.abs(expires) <= 8.64e15)) {
    return undefined;
  }
  return new Date(expires).toISOString();
}
