/*
 * Formatting of scores, dates and expiry, shared by every view. Dates that
 * are days (annotation dates, expiry dates, snapshot days) are shown in UTC so
 * a day never shifts with the viewer's time zone.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `72.5%`, or `n/a` when nothing was scored. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? 'n/a' : `${score}%`;
}

/*
 * Formatters are costly to build (toLocaleDateString with options builds one
 * at every call, a measurable part of rendering the organisation page), so
 * one is kept per locale and options.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(
  key: string,
  create: () => T,
): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A shared `Intl.DateTimeFormat`; `toLocaleString(locale, options)` without the building. */
export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached(
    `date ${locale} ${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

/** A shared `Intl.NumberFormat`; throws as its constructor does (an unknown currency). */
export function numberFormat(
  locale: string,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  return cached(
    `number ${locale} ${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

/** As `date.toLocaleString(locale, options)`, whose options name the fields shown. */
function formatDate(
  date: Date,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): string {
  // format() throws on an invalid date where toLocaleString says so.
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  return dateTimeFormat(locale, options).format(date);
}

const DAY: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
};
const LONG_DAY: Intl.DateTimeFormatOptions = { ...DAY, month: 'long' };
const DATE_TIME: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

function toDate(value: string): Date {
  return new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value,
  );
}

/** `14 Sept 2026`. */
export function formatDay(value: string): string {
  return formatDate(toDate(value), 'en-GB', DAY);
}

/** `1 March 2027`: a day in a sentence. */
export function formatLongDay(value: string): string {
  return formatDate(toDate(value), 'en-GB', LONG_DAY);
}

/** `14 Sept 2026, 09:30` in the viewer's time zone; a plain day for dates. */
export function formatDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  return formatDate(toDate(value), 'en-GB', DATE_TIME);
}

/** The start of the UTC day of `date`, in ms. */
const utcDayStart = (date: Date) =>
  Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/**
 * Calendar days (UTC, as days are shown) from today until the day of
 * `value`: 0 on that day, whatever the hour; negative once the day is past.
 */
export function daysUntil(value: string, now: Date): number {
  return Math.round((utcDayStart(toDate(value)) - utcDayStart(now)) / DAY_MS);
}

/** `3 minutes ago`, `2 days ago`: how long ago a computation ran. */
export function timeAgo(value: string, now: Date): string {
  const seconds = Math.max(
    0,
    Math.round((now.getTime() - toDate(value).getTime()) / 1000),
  );
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** `in 12 days`, `today`, `in 1 day`. */
export function inDays(days: number): string {
  if (days <= 0) return 'today';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

/** Today as `YYYY-MM-DD` in UTC, the form the API takes for `asOf`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
