import { buildReadinessModel } from '../model/buildModel';
import { catalogDetectors } from '../detectors';
import { ReadinessModel } from '../types';
import { component, entity, tinyModel } from '../__testUtils__/fixtures';
import {
  answers,
  categoryOf,
  checkOf,
  context,
  na,
} from '../__testUtils__/engineFixtures';
import { ReadinessEngine } from './engine';

describe('ReadinessEngine with the default model', () => {
  const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);

  it('scores an entity without answers from automatic detection only', () => {
    const scorecard = engine.score({ entity: component() }, context);
    expect(checkOf(scorecard, 'organisation.ownership')).toMatchObject({
      status: 'met',
      source: 'automatic',
      points: 1,
    });
    expect(scorecard.level).toBeNull();
    expect(scorecard.lifecycleGate).toEqual({
      production: true,
      minimumLevel: 'bronze',
      passed: false,
    });
    expect(scorecard.score).toBeGreaterThan(0);
    expect(scorecard.score).toBeLessThan(10);
  });

  it('counts annotation answers and lists malformed ones as problems', () => {
    const scorecard = engine.score(
      {
        entity: component('svc', {
          'prodready.dev/check.monitoring.metrics':
            'met; evidence=https://grafana.example/d/1',
          'prodready.dev/check.recoverability.backups': 'done',
        }),
      },
      context,
    );
    expect(checkOf(scorecard, 'monitoring.metrics')).toMatchObject({
      status: 'met',
      source: 'annotation',
    });
    expect(checkOf(scorecard, 'recoverability.backups')).toMatchObject({
      status: 'unknown',
      source: 'annotation',
      problems: [
        expect.objectContaining({
          key: 'prodready.dev/check.recoverability.backups',
        }),
      ],
    });
    expect(scorecard.problems).toEqual([
      expect.objectContaining({
        key: 'prodready.dev/check.recoverability.backups',
        message: expect.stringContaining("'done' is not a status"),
      }),
    ]);
  });

  it('marks an expired answer as expired since its expiry date', () => {
    const scorecard = engine.score(
      {
        entity: component('svc', {
          'prodready.dev/check.recoverability.restore-test':
            'met; date=2026-05-01',
        }),
      },
      context,
    );
    expect(checkOf(scorecard, 'recoverability.restore-test')).toMatchObject({
      status: 'expired',
      points: 0,
      expiredSince: '2026-07-30T00:00:00.000Z',
    });
  });

  it('takes a fully answered production component with its roles assigned to Gold', () => {
    const model = engine.model;
    const annotations: Record<string, string> = {};
    for (const check of model.checks) {
      if (check.scoredBy || !check.appliesTo.includes('component')) continue;
      annotations[`prodready.dev/check.${check.id}`] = 'met; date=2026-11-01';
    }
    model.roles.forEach((role, i) => {
      annotations[`prodready.dev/role.${role.id}`] =
        i % 2 ? 'alice' : 'group:team-a';
    });
    const scorecard = engine.score(
      { entity: component('svc', annotations) },
      context,
    );
    expect(scorecard.problems).toEqual([]);
    expect(scorecard.score).toBe(100);
    expect(scorecard.level).toBe('gold');
    expect(scorecard.nextLevel).toBeUndefined();
    expect(scorecard.gateFailures).toBe(0);
    expect(scorecard.lifecycleGate.passed).toBe(true);
    expect(scorecard.categories.every(c => c.risk === 'none')).toBe(true);
    expect(checkOf(scorecard, 'organisation.roles-assigned')).toMatchObject({
      status: 'met',
      source: 'role-health',
    });
  });

  it('only evaluates the checks that apply to the kind', () => {
    const resource = engine.score(
      { entity: entity('Resource', 'db', { spec: { owner: 'team-a' } }) },
      context,
    );
    const ids = resource.checks.map(c => c.checkId);
    expect(ids).toContain('recoverability.backups');
    expect(ids).not.toContain('scalability.load-test');
    expect(ids).not.toContain('organisation.roles-assigned');
    expect(resource.categories.map(c => c.categoryId)).not.toContain('cost');
    expect(engine.appliesTo('Resource')).toBe(true);
    expect(engine.appliesTo('user')).toBe(false);
    expect(
      engine.score({ entity: entity('User', 'alice') }, context),
    ).toMatchObject({ checks: [], score: null, level: null });
  });
});

describe('ReadinessEngine scoring rules', () => {
  const engine = new ReadinessEngine(tinyModel());
  const score = (values: Record<string, string>, spec = {}) =>
    engine.score({ entity: component('svc', answers(values), spec) }, context);

  it('gives met 1, partially met 0.5, not met and unknown 0, and leaves N/A out of the denominator', () => {
    const scorecard = score({
      'a.one': 'met',
      'a.two': 'partial',
      'a.expiring': na,
      'b.one': 'not-met',
    });
    expect(scorecard.checks.map(c => [c.checkId, c.status, c.points])).toEqual([
      ['a.one', 'met', 1],
      ['a.two', 'partially-met', 0.5],
      ['a.expiring', 'not-applicable', null],
      ['b.one', 'not-met', 0],
      ['b.two', 'unknown', 0],
    ]);
    // a: (1·1 + 3·0.5) / (1 + 3) = 62.5; b: 0 / (2 + 2) = 0
    expect(categoryOf(scorecard, 'a').score).toBe(62.5);
    expect(categoryOf(scorecard, 'b').score).toBe(0);
    // Overall is weighted over all checks: 2.5 / 8 = 31.25, shown to one decimal.
    expect(scorecard.score).toBe(31.3);
    expect(categoryOf(scorecard, 'a').counts).toEqual({
      met: 1,
      'partially-met': 1,
      'not-met': 0,
      'not-applicable': 1,
      unknown: 0,
      expired: 0,
      exempt: 0,
      upcoming: 0,
    });
    expect(categoryOf(scorecard, 'b').counts).toMatchObject({
      'not-met': 1,
      unknown: 1,
    });
  });

  const allNotApplicable = {
    'a.one': na,
    'a.two': na,
    'a.expiring': na,
    'b.one': na,
    'b.two': na,
  };

  it('does not assess an entity whose every check is N/A: null score, no level, no next level', () => {
    const scorecard = score(allNotApplicable);
    expect(scorecard.score).toBeNull();
    expect(scorecard.categories.map(c => c.score)).toEqual([null, null]);
    expect(scorecard.categories.map(c => c.risk)).toEqual(['none', 'none']);
    expect(scorecard.level).toBeNull();
    expect(scorecard.nextLevel).toBeUndefined();
    expect(scorecard.notAssessed).toEqual({
      applicableChecks: 0,
      minimumApplicableChecks: 1,
    });
    // Not assessed is not proof of the minimum production level.
    expect(scorecard.lifecycleGate).toEqual({
      production: true,
      minimumLevel: 'bronze',
      passed: false,
    });
    expect(
      score(allNotApplicable, { lifecycle: 'experimental' }).lifecycleGate
        .passed,
    ).toBe(true);
  });

  it('assesses an entity as soon as one check applies, whatever its answer', () => {
    for (const answer of ['met', 'not-met', 'partial']) {
      const scorecard = score({ ...allNotApplicable, 'a.two': answer });
      expect(scorecard.notAssessed).toBeUndefined();
      // a.two is no gate: the N/A gates let it reach the highest level.
      expect(scorecard.level).toBe('gold');
    }
    // Unanswered checks apply (they count as unknown).
    expect(score({}).notAssessed).toBeUndefined();
  });

  it('needs the configured minimum of applicable checks for a level', () => {
    const strict = new ReadinessEngine(
      tinyModel({ minimumApplicableChecks: 3 }),
    );
    const scoreWith = (values: Record<string, string>) =>
      strict.score({ entity: component('svc', answers(values)) }, context);
    const two = scoreWith({
      'a.one': 'met',
      'a.two': 'met',
      'a.expiring': na,
      'b.one': na,
      'b.two': na,
    });
    expect(two.notAssessed).toEqual({
      applicableChecks: 2,
      minimumApplicableChecks: 3,
    });
    expect(two.level).toBeNull();
    expect(two.nextLevel).toBeUndefined();
    // The score of what applies is still shown.
    expect(two.score).toBe(100);
    const three = scoreWith({
      'a.one': 'met',
      'a.two': 'met',
      'a.expiring': 'met; date=2026-11-01',
      'b.one': na,
      'b.two': na,
    });
    expect(three.notAssessed).toBeUndefined();
    expect(three.level).toBe('gold');
  });

  it('gives an all-N/A entity the highest level only when the minimum is configured as 0', () => {
    const lenient = new ReadinessEngine(
      tinyModel({ minimumApplicableChecks: 0 }),
    );
    const scorecard = lenient.score(
      { entity: component('svc', answers(allNotApplicable)) },
      context,
    );
    expect(scorecard.notAssessed).toBeUndefined();
    expect(scorecard.level).toBe('gold');
  });

  it('reaches a level only when every gate check of it and the lower levels is met or N/A', () => {
    const cases: [Record<string, string>, string | null, unknown][] = [
      [{}, null, { levelId: 'bronze', missingChecks: ['a.one'] }],
      [
        { 'a.one': 'partial', 'b.one': 'met', 'b.two': 'met' },
        null,
        { levelId: 'bronze', missingChecks: ['a.one'] },
      ],
      [
        { 'a.one': 'met' },
        'bronze',
        { levelId: 'silver', missingChecks: ['b.one'] },
      ],
      [
        { 'a.one': na, 'b.one': 'met' },
        'silver',
        { levelId: 'gold', missingChecks: ['b.two'] },
      ],
      [{ 'a.one': 'met', 'b.one': na, 'b.two': 'met' }, 'gold', undefined],
      // Non-gate checks never block a level.
      [
        { 'a.one': 'met', 'a.two': 'not-met', 'b.one': 'met', 'b.two': 'met' },
        'gold',
        undefined,
      ],
    ];
    for (const [values, level, nextLevel] of cases) {
      const scorecard = score(values);
      expect([values, scorecard.level, scorecard.nextLevel]).toEqual([
        values,
        level,
        nextLevel,
      ]);
    }
  });

  it('lists every missing gate check of the next level', () => {
    const model = tinyModel();
    model.checks[1] = { ...model.checks[1], gate: true }; // a.two: bronze gate too
    const scorecard = new ReadinessEngine(model).score(
      { entity: component('svc', answers({ 'a.two': 'not-met' })) },
      context,
    );
    expect(scorecard.nextLevel).toEqual({
      levelId: 'bronze',
      missingChecks: ['a.one', 'a.two'],
    });
    expect(scorecard.gateFailures).toBe(4);
  });

  it('rates risk high where a gate check fails, medium where another check fails, else none', () => {
    expect(
      score({ 'a.one': 'not-met', 'a.two': 'met', 'a.expiring': na })
        .categories[0].risk,
    ).toBe('high');
    expect(
      score({ 'a.one': 'met', 'a.two': 'partial', 'a.expiring': na })
        .categories[0].risk,
    ).toBe('medium');
    expect(
      score({ 'a.one': 'met', 'a.two': 'met', 'a.expiring': na }).categories[0]
        .risk,
    ).toBe('none');
    // unknown counts as failing
    expect(score({ 'a.one': 'met', 'a.expiring': na }).categories[0].risk).toBe(
      'medium',
    );
  });

  it('counts the applicable gate checks that are not met', () => {
    expect(score({}).gateFailures).toBe(3);
    expect(score({ 'a.one': 'met', 'b.one': na }).gateFailures).toBe(1);
  });

  it('flags a production entity below the minimum production level', () => {
    expect(score({}).lifecycleGate).toEqual({
      production: true,
      minimumLevel: 'bronze',
      passed: false,
    });
    expect(score({ 'a.one': 'met' }).lifecycleGate.passed).toBe(true);
    expect(score({}, { lifecycle: 'experimental' }).lifecycleGate).toEqual({
      production: false,
      minimumLevel: 'bronze',
      passed: true,
    });

    const silver = new ReadinessEngine(
      tinyModel({ minimumProductionLevel: 'silver' }),
    );
    const atBronze = { entity: component('svc', answers({ 'a.one': 'met' })) };
    expect(silver.score(atBronze, context).lifecycleGate.passed).toBe(false);

    const noGate = new ReadinessEngine(
      tinyModel({ minimumProductionLevel: undefined }),
    );
    expect(
      noGate.score({ entity: component() }, context).lifecycleGate,
    ).toEqual({
      production: true,
      minimumLevel: undefined,
      passed: true,
    });
  });

  it('describes the entity', () => {
    const scorecard = engine.score(
      {
        entity: entity('Component', 'Pay-API', {
          namespace: 'shop',
          title: 'Payments API',
          spec: {
            owner: 'team-a',
            system: 'payments',
            lifecycle: 'production',
          },
        }),
      },
      context,
    );
    expect(scorecard).toMatchObject({
      entityRef: 'component:shop/pay-api',
      kind: 'component',
      title: 'Payments API',
      owner: 'group:shop/team-a',
      system: 'system:shop/payments',
      lifecycle: 'production',
      computedAt: '2026-11-26T12:00:00.000Z',
    });
    expect(scorecard.domain).toBeUndefined();
  });
});

describe('ReadinessEngine with an empty model', () => {
  it('scores nothing and passes no gate for production', () => {
    const model: ReadinessModel = { ...tinyModel(), checks: [] };
    const scorecard = new ReadinessEngine(model).score(
      { entity: component() },
      context,
    );
    expect(scorecard).toMatchObject({
      score: null,
      level: null,
      checks: [],
      categories: [],
      lifecycleGate: { production: true, passed: false },
    });
  });
});
