import { readSeedDocument } from '../__testUtils__/seedDocument';
import { COST_TABLE_CHECKS, SEED_COST_TIERS, costFindings } from './costTable';

/* The tiers a cost table must cover, read from the seed's own Cost section. */

function seedCostTiers(markdown: string): number[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex(l => /^##\s+Cost\s*$/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const tiers: number[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#/.test(line)) break;
    if (/\bno users\b/i.test(line)) tiers.push(0);
    // "1 user", "10, 100, 500, 1000, 1,000,000": digit groups with commas
    // are one number; a comma and a space separate numbers.
    for (const m of line.matchAll(/\d{1,3}(?:,\d{3})+|\d+/g)) {
      tiers.push(Number(m[0].replace(/,/g, '')));
    }
  }
  return [...new Set(tiers)].sort((a, b) => a - b);
}

describe('cost tiers from the seed', () => {
  const fromSeed = () => seedCostTiers(readSeedDocument());

  it('are the tiers the seed lists: no users, one user, then 10 to 1,000,000', () => {
    const tiers = fromSeed();
    expect(tiers).toEqual([0, 1, 10, 100, 500, 1000, 1000000]);
    expect([...SEED_COST_TIERS]).toEqual(tiers);
  });

  it('every seed tier is needed by a cost check, and a table of exactly the seed tiers meets them all', () => {
    const tiers = fromSeed();
    const needed = new Set(COST_TABLE_CHECKS.flatMap(c => [...c.tiers]));
    expect([...needed].sort((a, b) => a - b)).toEqual(tiers);
    const table = { tiers: tiers.map(users => ({ users, monthlyCost: 1 })) };
    expect(costFindings(table).map(f => f.status)).toEqual(
      COST_TABLE_CHECKS.map(() => 'met'),
    );
  });

  it('a table missing any one seed tier does not meet the curve, and says which tier is missing', () => {
    const tiers = fromSeed();
    for (const left of tiers) {
      const table = {
        tiers: tiers
          .filter(t => t !== left)
          .map(users => ({ users, monthlyCost: 1 })),
      };
      const curve = costFindings(table).find(
        f => f.checkId === 'cost.growth-curve',
      )!;
      expect(curve.status).toBe('partially-met');
      expect(curve.note).toBe(
        `the cost table has no figure for ${left.toLocaleString(
          'en-US',
        )} users`,
      );
    }
  });
});
