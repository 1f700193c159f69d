import {
  dateTimeFormat,
  daysUntil,
  formatDateTime,
  formatDay,
  formatLongDay,
  numberFormat,
} from './format';
import { formatMoney } from '../components/shared/CostCurve/money';

describe('format', () => {
  it('writes days and times as toLocaleString does', () => {
    const days = ['2026-09-14', '2027-03-01', '2026-12-31T23:59:59.999Z'];
    const utc = { day: 'numeric', year: 'numeric', timeZone: 'UTC' } as const;
    for (const value of days) {
      const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
      expect(formatDay(value)).toBe(
        date.toLocaleDateString('en-GB', { ...utc, month: 'short' }),
      );
      expect(formatLongDay(value)).toBe(
        date.toLocaleDateString('en-GB', { ...utc, month: 'long' }),
      );
    }
    for (const value of ['2026-09-14T09:30:00Z', '2026-12-31T23:59:59Z']) {
      expect(formatDateTime(value)).toBe(
        new Date(value).toLocaleString('en-GB', {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }),
      );
    }
    expect(formatDay('2026-09-14')).toBe('14 Sept 2026');
    expect(formatLongDay('2027-03-01')).toBe('1 March 2027');
    expect(formatDateTime('2026-09-14')).toBe('14 Sept 2026');
    // As toLocaleString, not the RangeError of a formatter.
    expect(formatDay('not a date')).toBe('Invalid Date');
    expect(formatDateTime('not a date')).toBe('Invalid Date');
  });

  it('builds one formatter per locale and options', () => {
    const options = { month: 'long', timeZone: 'UTC' } as const;
    expect(dateTimeFormat('en-GB', { ...options })).toBe(
      dateTimeFormat('en-GB', { ...options }),
    );
    expect(dateTimeFormat('en-GB', options)).not.toBe(
      dateTimeFormat('en-US', options),
    );
    expect(numberFormat('en-GB', { style: 'percent' })).toBe(
      numberFormat('en-GB', { style: 'percent' }),
    );
    expect(numberFormat('en-GB', { style: 'percent' })).not.toBe(
      numberFormat('en-GB', { style: 'decimal' }),
    );
  });

  it('writes money as before, and still falls back on an unknown currency', () => {
    expect(formatMoney(2100, 'EUR')).toBe('€2,100');
    expect(formatMoney(0.45, 'EUR')).toBe('€0.45');
    expect(formatMoney(1234, 'NOPE1')).toBe('1,234 NOPE1');
  });

  it('counts days until a date by the calendar days shown, not by 24-hour spans', () => {
    const at = (iso: string) => new Date(iso);
    // Later the same day: today, not tomorrow.
    expect(
      daysUntil('2026-05-10T08:00:00.000Z', at('2026-05-10T07:00:00Z')),
    ).toBe(0);
    // Earlier the same day, past: still that day.
    expect(
      daysUntil('2026-05-10T08:00:00.000Z', at('2026-05-10T15:00:00Z')),
    ).toBe(0);
    // A minute past midnight: one day.
    expect(
      daysUntil('2026-05-11T00:01:00.000Z', at('2026-05-10T23:59:00Z')),
    ).toBe(1);
    expect(daysUntil('2026-05-09', at('2026-05-10T00:30:00Z'))).toBe(-1);
    expect(daysUntil('2026-06-09', at('2026-05-10T12:00:00Z'))).toBe(30);
  });
});
