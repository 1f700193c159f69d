import { describeIssues } from '../validation';
import {
  COST_TABLE_LIMITS,
  costFindings,
  costPerUser,
  costTableInputSchema,
  costTableSchema,
  isCurrencyCode,
} from './costTable';

const valid = {
  currency: 'EUR',
  date: '2026-11-01',
  assumptions: 'managed PostgreSQL, two zones',
  tiers: [
    { users: 1000, monthlyCost: 2100 },
    { users: 0, monthlyCost: 450 },
  ],
};

/** The error message a bad table gets, as the backend's 400 would say it. */
function problemOf(table: unknown): string {
  const result = costTableInputSchema.safeParse(table);
  expect(result.success).toBe(false);
  return describeIssues(result.error!, 'costTable');
}

describe('costTableSchema', () => {
  it('accepts a table and sorts its tiers by users', () => {
    const table = costTableSchema.parse(valid);
    expect(table.tiers.map(t => t.users)).toEqual([0, 1000]);
    expect(table.currency).toBe('EUR');
  });

  it('names the field of each problem', () => {
    expect(problemOf({ ...valid, currency: 'euro' })).toMatch(
      /^costTable\.currency: must be an ISO 4217 currency code/,
    );
    expect(problemOf({ ...valid, currency: 'XQQ' })).toMatch(
      /^costTable\.currency:/,
    );
    expect(problemOf({ ...valid, date: '2026-02-30' })).toBe(
      'costTable.date: must be a real date',
    );
    expect(problemOf({ ...valid, date: '1 Nov 2026' })).toBe(
      'costTable.date: must be a date written YYYY-MM-DD',
    );
    expect(
      problemOf({ ...valid, tiers: [{ users: 10, monthlyCost: -1 }] }),
    ).toBe('costTable.tiers.0.monthlyCost: must not be negative');
    expect(
      problemOf({ ...valid, tiers: [{ users: -10, monthlyCost: 1 }] }),
    ).toBe('costTable.tiers.0.users: must not be negative');
    expect(
      problemOf({ ...valid, tiers: [{ users: 1.5, monthlyCost: 1 }] }),
    ).toBe('costTable.tiers.0.users: must be a whole number');
    expect(
      problemOf({
        ...valid,
        tiers: [
          { users: 10, monthlyCost: 1 },
          { users: 10, monthlyCost: 2 },
        ],
      }),
    ).toBe('costTable.tiers.1.users: 10 users is listed twice');
    expect(problemOf({ ...valid, tiers: [] })).toBe(
      'costTable.tiers: must list at least one number of users',
    );
    expect(problemOf({ ...valid, extra: 1 })).toMatch(/extra/);
    expect(problemOf({ ...valid, version: -1 })).toMatch(/^costTable\.version/);
  });

  it('is bounded: tiers, users, cost and assumptions', () => {
    const many = Array.from(
      { length: COST_TABLE_LIMITS.tiers + 1 },
      (_, users) => ({ users, monthlyCost: 1 }),
    );
    expect(problemOf({ ...valid, tiers: many })).toMatch(/^costTable\.tiers:/);
    expect(
      problemOf({ ...valid, tiers: [{ users: 1e11, monthlyCost: 1 }] }),
    ).toMatch(/^costTable\.tiers\.0\.users: must be at most/);
    expect(
      problemOf({ ...valid, tiers: [{ users: 1, monthlyCost: 1e13 }] }),
    ).toMatch(/^costTable\.tiers\.0\.monthlyCost: must be at most/);
    expect(
      problemOf({ ...valid, tiers: [{ users: 1, monthlyCost: Infinity }] }),
    ).toMatch(/^costTable\.tiers\.0\.monthlyCost/);
    expect(
      problemOf({
        ...valid,
        assumptions: 'x'.repeat(COST_TABLE_LIMITS.assumptionsLength + 1),
      }),
    ).toMatch(/^costTable\.assumptions: must be at most/);
    expect(problemOf({ ...valid, assumptions: 'a\u0000b' })).toMatch(
      /^costTable\.assumptions: must not contain control characters/,
    );
  });

  it('knows currency codes', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('GBP')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('US')).toBe(false);
  });
});

describe('costFindings', () => {
  const tiers = (...users: number[]) => ({
    tiers: users.map(u => ({ users: u, monthlyCost: 10 })),
  });
  const byCheck = (table: ReturnType<typeof tiers>) =>
    Object.fromEntries(costFindings(table).map(f => [f.checkId, f]));

  it('meets the baseline with the idle and one-user costs, and the curve only with every seed tier', () => {
    const found = byCheck(tiers(0, 1));
    expect(found['cost.baseline-cost'].status).toBe('met');
    expect(found['cost.growth-curve']).toEqual({
      checkId: 'cost.growth-curve',
      status: 'partially-met',
      note: 'the cost table has no figure for 10, 100, 500, 1,000, 1,000,000 users',
    });
  });

  it('does not meet a check when the table has none of its tiers', () => {
    const found = byCheck(tiers(2000, 50000));
    expect(found['cost.baseline-cost']).toEqual({
      checkId: 'cost.baseline-cost',
      status: 'not-met',
      note: 'the cost table has no figure for 0, 1 users',
    });
    expect(found['cost.growth-curve'].status).toBe('not-met');
  });

  it('explains a met curve', () => {
    const found = byCheck(tiers(0, 1, 10, 100, 500, 1000, 5000, 1000000));
    expect(found['cost.growth-curve'].status).toBe('met');
    expect(found['cost.growth-curve'].note).toBe(
      'the cost table covers 0, 1, 10, 100, 500, 1,000, 1,000,000 users',
    );
  });

  it('gives the cost per user at a listed tier only', () => {
    const table = costTableSchema.parse(valid);
    expect(costPerUser(table, 1000)).toBeCloseTo(2.1);
    expect(costPerUser(table, 500)).toBeUndefined();
    expect(costPerUser(table, 0)).toBeUndefined();
  });
});
