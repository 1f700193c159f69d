const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` to `day` (both YYYY-MM-DD); negative once past. */
export function daysUntilDay(day: string, today: string): number {
  return Math.round(
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) /
      DAY_MS,
  );
}
