import { CheckResult, CheckStatus } from '@prodready/plugin-readiness-common';
import {
  decodeCheckStatuses,
  decodeUpcomingStatuses,
  encodeCheckStatuses,
  encodeSummaryStatuses,
} from './checkStatusCodes';

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
    expect(decodeUpcomingStatuses(null)).toEqual({});
  });

  it('keep an upcoming check with the status it would have', () => {
    const upcoming = (checkId: string, wouldBe: CheckStatus): CheckResult => ({
      ...check(checkId, 'upcoming'),
      upcoming: { effectiveFrom: '2027-03-01', status: wouldBe },
    });
    const text = encodeCheckStatuses([
      check('monitoring.metrics', 'met'),
      upcoming('security.sbom', 'not-met'),
      upcoming('security.signing', 'met'),
      upcoming('security.scan', 'expired'),
    ]);
    expect(text).toBe(
      '{"monitoring.":{"metrics":"m"},"security.":{"sbom":"N","signing":"M","scan":"E"}}',
    );
    expect(decodeCheckStatuses(text)).toEqual({
      'monitoring.metrics': 'met',
      'security.sbom': 'upcoming',
      'security.signing': 'upcoming',
      'security.scan': 'upcoming',
    });
    expect(decodeUpcomingStatuses(text)).toEqual({
      'security.sbom': 'not-met',
      'security.signing': 'met',
      'security.scan': 'expired',
    });
  });

  it('are the same from a summary as from the scorecard it summarises', () => {
    const text = encodeSummaryStatuses({
      checkIds: ['monitoring.metrics', 'security.sbom', 'acme-custom'],
      statuses: ['met', 'upcoming', 'exempt'],
      wouldBe: [undefined, 'not-met', undefined] as CheckStatus[],
    });
    expect(text).toBe(
      '{"monitoring.":{"metrics":"m"},"security.":{"sbom":"N"},"":{"acme-custom":"x"}}',
    );
    expect(decodeCheckStatuses(text)).toEqual({
      'monitoring.metrics': 'met',
      'security.sbom': 'upcoming',
      'acme-custom': 'exempt',
    });
    expect(decodeUpcomingStatuses(text)).toEqual({
      'security.sbom': 'not-met',
    });
  });

  it('are the JSON of the statuses grouped by category, whatever the ids', () => {
    const ids = ['b.z', 'a.x', 'b.2', 'quote"d', 'b.\\y'];
    const statuses: CheckStatus[] = [
      'met',
      'not-met',
      'expired',
      'unknown',
      'exempt',
    ];
    const text = encodeSummaryStatuses({ checkIds: ids, statuses });
    expect(JSON.parse(text)).toEqual({
      'b.': { z: 'm', '2': 'e', '\\y': 'x' },
      'a.': { x: 'n' },
      '': { 'quote"d': 'u' },
    });
    expect(text).toBe(
      JSON.stringify({
        'b.': { z: 'm', '2': 'e', '\\y': 'x' },
        'a.': { x: 'n' },
        '': { 'quote"d': 'u' },
      }),
    );
    expect(
      encodeCheckStatuses(ids.map((id, i) => check(id, statuses[i]))),
    ).toBe(text);
    expect(encodeSummaryStatuses({ checkIds: [], statuses: [] })).toBe('{}');
  });
});
