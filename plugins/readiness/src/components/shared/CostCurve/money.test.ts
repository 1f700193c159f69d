import { formatMoney } from './money';

describe('formatMoney', () => {
  it('shows a cost per user far below a cent instead of rounding it to nothing', () => {
    // 2,100 a month at a million users.
    expect(formatMoney(2100 / 1_000_000, 'EUR')).toBe('€0.0021');
    expect(formatMoney(0.045, 'EUR')).toBe('€0.045');
    expect(formatMoney(0.45, 'EUR')).toBe('€0.45');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(2100, 'EUR')).toBe('€2,100');
  });
});
