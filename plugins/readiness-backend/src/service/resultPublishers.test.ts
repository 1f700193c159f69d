import { ConfigReader } from '@backstage/config';
import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import { ResultPublishers } from './resultPublishers';

/*
 * `readiness.results.publishers`: what each pipeline may push and delete.
 * Disabling checks keeps their stored results, which their publishers may
 * still delete, so it must not make a publisher's patterns invalid.
 */
function publishersWith(readiness: object) {
  const config = new ConfigReader({ readiness });
  const model = buildReadinessModel({ config: readiness as any });
  return ResultPublishers.fromConfig(config, model)!;
}

const COST_CHECKS = [
  'cost.baseline-cost',
  'cost.growth-curve',
  'cost.people-cost',
];

describe('ResultPublishers', () => {
  it('takes a category whose every check is disabled, and a disabled check, and lets their publisher delete what they stored', () => {
    const publishers = publishersWith({
      checks: { disabled: COST_CHECKS },
      results: {
        publishers: [
          { subject: 'cost-bot', checks: ['cost.*'] },
          { subject: 'baseline-job', checks: ['cost.baseline-cost'] },
        ],
      },
    });
    expect(() =>
      publishers.assertMayDelete('cost-bot', ['cost.growth-curve']),
    ).not.toThrow();
    expect(() =>
      publishers.assertMayDelete('baseline-job', ['cost.baseline-cost']),
    ).not.toThrow();
    expect(() =>
      publishers.assertMayDelete('baseline-job', ['cost.growth-curve']),
    ).toThrow();
  });

  it('still refuses a pattern naming nothing the model has or had', () => {
    expect(() =>
      publishersWith({
        checks: { disabled: COST_CHECKS },
        results: { publishers: [{ subject: 'bot', checks: ['costs.*'] }] },
      }),
    ).toThrow(
      /publishers\[0\]\.checks: 'costs\.\*' names no check or category/,
    );
    expect(() =>
      publishersWith({
        results: { publishers: [{ subject: 'bot', checks: ['cost.nope'] }] },
      }),
    ).toThrow(/'cost\.nope' names no check/);
  });
});
