import { exemptionSummary } from './exemptions';

describe('exemptionSummary', () => {
  it('says how many exemptions a rollup has and how many expire this month', () => {
    expect(exemptionSummary({})).toBeUndefined();
    expect(exemptionSummary({ exemptions: { active: 1, endingSoon: 0 } })).toBe(
      '1 exemption',
    );
    expect(exemptionSummary({ exemptions: { active: 3, endingSoon: 1 } })).toBe(
      '3 exemptions, 1 expiring this month',
    );
  });
});
