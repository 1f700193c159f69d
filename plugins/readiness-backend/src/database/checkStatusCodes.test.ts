import { CheckResult, CheckStatus } from '@prodready/plugin-readiness-common';
import { decodeCheckStatuses, encodeCheckStatuses } from './checkStatusCodes';

const check = (checkId: string, status: CheckStatus): CheckResult => ({
  checkId,
  status,
  points: null,
  source: 'none',
  problems: [],
});

describe('check status codes', () => {
  it('give back every status of every check, ids with and without a category', () => {
    const statuses: Record<string, CheckStatus> = {
      'monitoring.metrics': 'met',
      'monitoring.logs': 'partially-met',
      'security.pen-test': 'not-met',
      'security.threat.model': 'not-applicable',
      'acme-custom': 'unknown',
      'recoverability.restore-test': 'expired',
    };
    const text = encodeCheckStatuses(
      Object.entries(statuses).map(([id, status]) => check(id, status)),
    );
    expect(decodeCheckStatuses(text)).toEqual(statuses);
  });

  it('are empty for a row written without them', () => {
    expect(decodeCheckStatuses(null)).toEqual({});
  });
});
