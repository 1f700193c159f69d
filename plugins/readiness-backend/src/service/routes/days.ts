/** The date `days` days before today, as YYYY-MM-DD. */
export const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);

/**
 * The instant the day after `day` (YYYY-MM-DD) starts, as ISO text; past
 * 9999-12-31, that day's last instant, so it stays in the four-digit years
 * whose text order is their order in time.
 */
export function nextDayStart(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400000);
  return next.getUTCFullYear() > 9999
    ? '9999-12-31T23:59:59.999Z'
    : next.toISOString();
}
