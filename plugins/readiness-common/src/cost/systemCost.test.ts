import { ScorecardCostTable } from './costTable';
import { systemCostAt } from './systemCost';

const table = (
  currency: string,
  tiers: Record<number, number>,
): ScorecardCostTable => ({
  source: 'portal',
  currency,
  date: '2026-11-01',
  tiers: Object.entries(tiers).map(([users, monthlyCost]) => ({
    users: Number(users),
    monthlyCost,
  })),
});

describe('systemCostAt', () => {
  const ref = 'system:default/shop';

  it("takes the System's own table, ignoring its parts", () => {
    expect(
      systemCostAt(
        {
          entityRef: ref,
          title: 'Shop',
          table: table('EUR', { 1000: 2500 }),
          parts: [table('EUR', { 1000: 99999 })],
        },
        1000,
      ),
    ).toEqual({
      entityRef: ref,
      title: 'Shop',
      source: 'system',
      currency: 'EUR',
      monthlyCost: 2500,
      costPerUser: 2.5,
      parts: 1,
    });
  });

  it('sums its parts when it has no table of its own', () => {
    const cost = systemCostAt(
      {
        entityRef: ref,
        parts: [
          table('USD', { 1000: 300 }),
          table('USD', { 1000: 700, 10: 5 }),
        ],
      },
      1000,
    );
    expect(cost).toMatchObject({
      source: 'parts',
      currency: 'USD',
      monthlyCost: 1000,
      costPerUser: 1,
      parts: 2,
    });
  });

  it('says how many parts its sum leaves out for want of a cost table', () => {
    const parts = [table('USD', { 1000: 300 })];
    expect(
      systemCostAt({ entityRef: ref, parts, uncostedParts: 4 }, 1000),
    ).toMatchObject({ source: 'parts', monthlyCost: 300, uncostedParts: 4 });
    // Its own table covers the whole System.
    expect(
      systemCostAt(
        {
          entityRef: ref,
          table: table('USD', { 1000: 900 }),
          parts,
          uncostedParts: 4,
        },
        1000,
      ).uncostedParts,
    ).toBeUndefined();
  });

  it('gives no figure, and says why, rather than a wrong one', () => {
    expect(systemCostAt({ entityRef: ref, parts: [] }, 1000).problem).toBe(
      'no cost table',
    );
    expect(
      systemCostAt(
        {
          entityRef: ref,
          parts: [table('USD', { 1000: 1 }), table('EUR', { 1000: 1 })],
        },
        1000,
      ).problem,
    ).toBe("its parts' tables use different currencies (USD, EUR)");
    expect(
      systemCostAt(
        {
          entityRef: ref,
          parts: [table('USD', { 1000: 1 }), table('USD', { 500: 1 })],
        },
        1000,
      ),
    ).toMatchObject({
      source: 'none',
      problem: "1 of 2 parts' cost tables have no figure for 1,000 users",
    });
    expect(
      systemCostAt(
        { entityRef: ref, table: table('USD', { 500: 1 }), parts: [] },
        1000000,
      ).problem,
    ).toBe('its cost table has no figure for 1,000,000 users');
  });
});
