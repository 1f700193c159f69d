import { COST_ANNOTATION_KEY } from '../annotationGrammar';
import { entity } from '../__testUtils__/fixtures';
import {
  costAnnotationOf,
  formatCostAnnotation,
  parseCostAnnotation,
  parseCostNumber,
} from './costAnnotation';

describe('prodready.dev/cost', () => {
  it('reads currency, date, assumptions and users=cost fields, with grouped digits', () => {
    const parsed = parseCostAnnotation(
      ' currency=eur; date=2026-11-01; 1000000=380,000; 0=450 ; 1=455.50; 1_000=2_100; assumptions=managed PostgreSQL, two zones ',
    );
    expect(parsed).toEqual({
      table: {
        currency: 'EUR',
        date: '2026-11-01',
        assumptions: 'managed PostgreSQL, two zones',
        tiers: [
          { users: 0, monthlyCost: 450 },
          { users: 1, monthlyCost: 455.5 },
          { users: 1000, monthlyCost: 2100 },
          { users: 1000000, monthlyCost: 380000 },
        ],
      },
    });
  });

  it('refuses a decimal comma and a number of users with a decimal point, rather than misreading them', () => {
    // 0,45 is not 45, nor 1.000 one user.
    expect(
      parseCostAnnotation('currency=EUR; date=2026-11-01; 0=0,45').problem
        ?.message,
    ).toMatch(/the cost at 0 users, '0,45', is not a number/);
    expect(
      parseCostAnnotation('currency=EUR; date=2026-11-01; 1.000=2,100').problem
        ?.message,
    ).toMatch(/number of users '1.000' must be whole/);
    expect(parseCostNumber('12,50')).toBeUndefined();
    expect(parseCostNumber('1 300.50')).toBe(1300.5);
    expect(parseCostNumber(' 1,000 ', { whole: true })).toBe(1000);
    expect(parseCostNumber('1.5', { whole: true })).toBeUndefined();
    expect(parseCostNumber('1,00,000')).toBeUndefined();
  });

  it('cuts a long number of users short in its problem', () => {
    const users = '9'.repeat(100_000);
    const { problem } = parseCostAnnotation(
      `currency=EUR; date=2026-11-01; ${users}=x`,
    );
    expect(problem?.message).toContain(`the cost at ${'9'.repeat(40)}`);
    expect(problem!.message.length).toBeLessThan(300);
  });

  it.each([
    ['date=2026-11-01; 0=1', 'currency: must be an ISO 4217 currency code'],
    ['currency=EUR; 0=1', 'date:'],
    ['currency=EUR; date=2026-11-01', 'tiers: must list at least one'],
    [
      'currency=EUR; date=2026-11-01; 0=free',
      "the cost at 0 users, 'free', is not a number",
    ],
    [
      'currency=EUR; date=2026-11-01; 0=-5',
      "the cost at 0 users, '-5', is not a number",
    ],
    [
      'currency=EUR; date=2026-11-01; 0=1; 0=2',
      'tiers.1.users: 0 users is listed twice',
    ],
    [
      'currency=EUR; currency=USD; date=2026-11-01; 0=1',
      "field 'currency' is given twice",
    ],
    ['currency=EUR; date=2026-11-01; 0=1; owner=me', "unknown field 'owner'"],
    ['currency=EUR; date; 0=1', "field 'date' needs a value"],
  ])('%s is a problem naming the field', (raw, message) => {
    const parsed = parseCostAnnotation(raw);
    expect(parsed.table).toBeUndefined();
    expect(parsed.problem?.key).toBe(COST_ANNOTATION_KEY);
    expect(parsed.problem?.message).toContain(message);
  });

  it('refuses more tiers than a table may have', () => {
    const fields = Array.from({ length: 21 }, (_, i) => `${i}=1`).join('; ');
    expect(
      parseCostAnnotation(`currency=EUR; date=2026-11-01; ${fields}`).problem
        ?.message,
    ).toBe('lists more than 20 numbers of users');
  });

  it('is read from an entity only when present', () => {
    expect(costAnnotationOf(entity('Component', 'a'))).toBeUndefined();
    const annotated = entity('Component', 'a', {
      annotations: {
        [COST_ANNOTATION_KEY]: 'currency=USD; date=2026-01-31; 0=10',
      },
    });
    expect(costAnnotationOf(annotated)?.table?.tiers).toEqual([
      { users: 0, monthlyCost: 10 },
    ]);
  });

  it('writes a table back in its own grammar', () => {
    const raw =
      'currency=EUR; date=2026-11-01; 0=450; 1000=2100; assumptions=two zones';
    const table = parseCostAnnotation(raw).table!;
    expect(formatCostAnnotation(table)).toBe(raw);
    expect(parseCostAnnotation(formatCostAnnotation(table)).table).toEqual(
      table,
    );
  });
});
