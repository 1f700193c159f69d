import {
  daysFromNow,
  model,
  paymentsApi,
  scorecardOf,
  storedAnswer,
} from '../__testUtils__/scorecards';
import {
  hasOwnerAnswers,
  isExpiring,
  isFailing,
  portalAnswerVersion,
  reattestInput,
  topGaps,
} from './checks';

describe('check helpers', () => {
  const check = (id: string, scorecard = scorecardOf(paymentsApi())) =>
    scorecard.checks.find(c => c.checkId === id)!;

  it('counts anything that would not pass a gate as failing', () => {
    const scorecard = scorecardOf(paymentsApi());
    expect(isFailing(check('monitoring.metrics', scorecard))).toBe(false);
    expect(isFailing(check('resiliency.multi-region', scorecard))).toBe(true);
    expect(isFailing(check('scalability.load-test', scorecard))).toBe(true);
  });

  it('treats answers expiring within 30 days or expired as expiring', () => {
    const scorecard = scorecardOf(
      paymentsApi({
        'prodready.dev/check.recoverability.restore-test': `met; date=${daysFromNow(
          -80,
        )}`,
        'prodready.dev/check.recoverability.backups': `met; date=${daysFromNow(
          -100,
        )}`,
        'prodready.dev/check.recoverability.dr-plan': `met; date=${daysFromNow(
          -1,
        )}`,
      }),
    );
    const now = new Date();
    expect(
      isExpiring(check('recoverability.restore-test', scorecard), now),
    ).toBe(true);
    expect(isExpiring(check('recoverability.dr-plan', scorecard), now)).toBe(
      false,
    );
    expect(isExpiring(check('monitoring.metrics', scorecard), now)).toBe(false);
  });

  it('sends the version of the portal answer the user saw, 0 for none', () => {
    const entity = paymentsApi();
    expect(portalAnswerVersion(check('scalability.load-test'))).toBe(0);
    const portal = scorecardOf(entity, {
      answers: [storedAnswer('scalability.load-test', { version: 3 })],
    });
    expect(portalAnswerVersion(check('scalability.load-test', portal))).toBe(3);
    const conflicting = scorecardOf(entity, {
      answers: [storedAnswer('resiliency.multi-region', { version: 5 })],
    });
    expect(
      check('resiliency.multi-region', conflicting).conflict,
    ).toBeDefined();
    expect(
      portalAnswerVersion(check('resiliency.multi-region', conflicting)),
    ).toBe(5);
  });

  it('re-attests with the same fields', () => {
    expect(
      reattestInput(
        storedAnswer('x', {
          status: 'not-applicable',
          notApplicableReason: 'other',
          notApplicableText: 'batch only',
          evidenceUrl: 'https://e.example.com',
          note: 'n',
        }),
      ),
    ).toEqual({
      status: 'not-applicable',
      notApplicableReason: 'other',
      notApplicableText: 'batch only',
      evidenceUrl: 'https://e.example.com',
      note: 'n',
    });
  });

  it('orders gaps gates first, then by weight', () => {
    const gaps = topGaps(scorecardOf(paymentsApi()), model, 3);
    expect(gaps).toHaveLength(3);
    expect(gaps.every(g => g.definition.gate)).toBe(true);
    expect(gaps[0].definition.weight).toBeGreaterThanOrEqual(
      gaps[2].definition.weight,
    );
    expect(gaps.every(g => isFailing(g.result))).toBe(true);
  });

  it('does not count automatic findings as owner answers', () => {
    const entity = paymentsApi();
    entity.metadata.annotations = {};
    const scorecard = scorecardOf(entity);
    expect(scorecard.checks.some(c => c.source === 'automatic')).toBe(true);
    expect(hasOwnerAnswers(scorecard)).toBe(false);
    expect(hasOwnerAnswers(scorecardOf(paymentsApi()))).toBe(true);
  });
});
