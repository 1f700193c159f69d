import { buildReadinessModel } from '../model/buildModel';
import { catalogDetectors, ReadinessDetector } from '../detectors';
import {
  CheckResult,
  EntityScorecard,
  ReadinessAnswer,
  ReadinessModel,
} from '../types';
import {
  catalogOf,
  component,
  entity,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';

const catalog = catalogOf([
  'group:default/team-a',
  'user:default/alice',
  'user:default/bob',
]);
const context = { now: NOW, catalog };

const checkOf = (scorecard: EntityScorecard, id: string): CheckResult => {
  const result = scorecard.checks.find(c => c.checkId === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
};
const categoryOf = (scorecard: EntityScorecard, id: string) =>
  scorecard.categories.find(c => c.categoryId === id)!;

/** Annotations answering the tiny model's checks: `{ 'a.one': 'met' }`. */
const answers = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([id, v]) => [`prodready.dev/check.${id}`, v]),
  );

const portal = (
  checkId: string,
  status: ReadinessAnswer['status'],
  extra: Partial<ReadinessAnswer> = {},
): ReadinessAnswer => ({
  checkId,
  status,
  source: 'portal',
  answeredBy: 'user:default/alice',
  answeredAt: '2026-11-01T09:00:00.000Z',
  version: 1,
  ...extra,
});

const na = 'na; reason=out-of-scope; note=not needed';

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

describe('ReadinessEngine answer precedence', () => {
  // A detector answering a.one and b.one; the engine ignores checks it does not know.
  const detector: ReadinessDetector = {
    id: 'probe',
    title: 'Probe',
    checkIds: ['a.one', 'b.one', 'z.unknown'],
    detect: () => [
      { checkId: 'a.one', status: 'not-applicable', note: 'probe says n/a' },
      {
        checkId: 'b.one',
        status: 'met',
        note: 'probe',
        evidenceUrl: 'https://probe.example.com',
      },
    ],
  };
  const late: ReadinessDetector = {
    id: 'late',
    title: 'Late',
    checkIds: ['b.one'],
    detect: () => [{ checkId: 'b.one', status: 'not-met', note: 'late' }],
  };
  const engine = new ReadinessEngine(tinyModel(), [detector, late]);
  const system = engine.inheritableFrom(
    entity('System', 'payments', {
      annotations: answers({ 'a.one': 'partial', 'b.two': 'met' }),
    }),
  );
  const pushed: ReadinessAnswer = {
    checkId: 'a.one',
    status: 'partially-met',
    source: 'automatic',
    answeredBy: 'ci',
    answeredAt: '2026-11-20T00:00:00.000Z',
  };
  const all = {
    annotation: true,
    portal: true,
    pushed: true,
  };
  const resultFor = (present: Partial<typeof all>, engineToUse = engine) =>
    checkOf(
      engineToUse.score(
        {
          entity: component(
            'svc',
            present.annotation ? answers({ 'a.one': 'not-met' }) : {},
          ),
          portalAnswers: present.portal ? [portal('a.one', 'met')] : undefined,
          automaticResults: present.pushed ? [pushed] : undefined,
          system,
        },
        context,
      ),
      'a.one',
    );

  it('is portal → annotation → pushed result → detector → System → unknown', () => {
    expect(resultFor(all)).toMatchObject({
      source: 'portal',
      status: 'met',
      answer: { source: 'portal' },
    });
    expect(resultFor({ annotation: true, pushed: true })).toMatchObject({
      source: 'annotation',
      status: 'not-met',
    });
    expect(resultFor({ pushed: true })).toMatchObject({
      source: 'automatic',
      status: 'partially-met',
      answer: pushed,
    });
    expect(resultFor({})).toMatchObject({
      source: 'automatic',
      status: 'not-applicable',
      points: null,
      answer: { note: 'probe says n/a', source: 'automatic' },
    });
    const withoutDetector = new ReadinessEngine(tinyModel());
    expect(resultFor({}, withoutDetector)).toMatchObject({
      source: 'inherited',
      inheritedFrom: 'system:default/payments',
      status: 'partially-met',
    });
    expect(
      checkOf(withoutDetector.score({ entity: component() }, context), 'a.one'),
    ).toEqual({
      checkId: 'a.one',
      status: 'unknown',
      points: 0,
      source: 'none',
      problems: [],
    });
  });

  it('lets the first registered detector answer a check, with its evidence', () => {
    expect(
      checkOf(engine.score({ entity: component() }, context), 'b.one'),
    ).toMatchObject({
      source: 'automatic',
      status: 'met',
      answer: {
        checkId: 'b.one',
        status: 'met',
        note: 'probe',
        evidenceUrl: 'https://probe.example.com',
        source: 'automatic',
      },
    });
  });

  it('counts a malformed annotation as unknown, without falling back to other sources', () => {
    const result = checkOf(
      engine.score(
        {
          entity: component('svc', answers({ 'a.one': 'mett' })),
          automaticResults: [pushed],
          system,
        },
        context,
      ),
      'a.one',
    );
    expect(result).toMatchObject({
      status: 'unknown',
      points: 0,
      source: 'annotation',
      problems: [{ key: 'prodready.dev/check.a.one', checkId: 'a.one' }],
    });
    expect(result.answer).toBeUndefined();
    // ...but a portal answer still wins
    expect(
      checkOf(
        engine.score(
          {
            entity: component('svc', answers({ 'a.one': 'mett' })),
            portalAnswers: [portal('a.one', 'met')],
          },
          context,
        ),
        'a.one',
      ),
    ).toMatchObject({
      source: 'portal',
      status: 'met',
      problems: [expect.anything()],
    });
  });

  it('keeps both answers and flags a conflict when annotation and portal disagree', () => {
    const result = resultFor({ annotation: true, portal: true });
    expect(result.conflict).toEqual({
      portal: portal('a.one', 'met'),
      annotation: expect.objectContaining({
        status: 'not-met',
        source: 'annotation',
      }),
    });
    const agreeing = checkOf(
      engine.score(
        {
          entity: component('svc', answers({ 'a.one': 'met' })),
          portalAnswers: [portal('a.one', 'met')],
        },
        context,
      ),
      'a.one',
    );
    expect(agreeing.conflict).toBeUndefined();
  });

  it('scores role-health checks from role health, ignoring any answer', () => {
    const model = tinyModel();
    model.checks.push({
      ...model.checks[0],
      id: 'a.roles',
      gate: false,
      scoredBy: 'role-health',
    });
    const result = checkOf(
      new ReadinessEngine(model).score(
        {
          entity: component(),
          portalAnswers: [portal('a.roles', 'met')],
          automaticResults: [{ ...pushed, checkId: 'a.roles', status: 'met' }],
        },
        context,
      ),
      'a.roles',
    );
    expect(result).toMatchObject({ source: 'role-health', status: 'not-met' });
  });
});

describe('ReadinessEngine expiry', () => {
  const engine = new ReadinessEngine(tinyModel());
  const expiring = (input: { annotation?: string; portal?: ReadinessAnswer }) =>
    checkOf(
      engine.score(
        {
          entity: component(
            'svc',
            input.annotation ? answers({ 'a.expiring': input.annotation }) : {},
          ),
          portalAnswers: input.portal ? [input.portal] : undefined,
        },
        context,
      ),
      'a.expiring',
    );

  it('counts an answer older than the expiry as expired, 0 points, and says since when', () => {
    expect(expiring({ annotation: 'met; date=2026-10-01' })).toMatchObject({
      status: 'expired',
      points: 0,
      expiresAt: '2026-10-31T00:00:00.000Z',
      expiredSince: '2026-10-31T00:00:00.000Z',
      answer: { status: 'met', answeredAt: '2026-10-01' },
    });
  });

  it('says when a current answer will expire', () => {
    const result = expiring({ annotation: 'partial; date=2026-11-20' });
    expect(result).toMatchObject({
      status: 'partially-met',
      points: 0.5,
      expiresAt: '2026-12-20T00:00:00.000Z',
    });
    expect(result.expiredSince).toBeUndefined();
  });

  it('expires a portal answer at the instant it was given plus the period', () => {
    const at = (answeredAt: string) =>
      expiring({ portal: portal('a.expiring', 'met', { answeredAt }) }).status;
    expect(at('2026-10-27T12:00:00.001Z')).toBe('met');
    expect(at('2026-10-27T12:00:00.000Z')).toBe('expired');
  });

  it('never expires a not-applicable answer', () => {
    const result = expiring({
      portal: portal('a.expiring', 'not-applicable', {
        answeredAt: '2020-01-01T00:00:00.000Z',
        notApplicableReason: 'other',
        notApplicableText: 'x',
      }),
    });
    expect(result.status).toBe('not-applicable');
    expect(result.expiresAt).toBeUndefined();
  });

  it('counts an annotation dated after today as unknown, naming its date, until that day comes', () => {
    // NOW is 2026-11-26 12:00 UTC. A day ahead is allowed: it is already
    // that day in zones ahead of UTC.
    expect(expiring({ annotation: 'met; date=2026-11-27' }).status).toBe('met');
    const ahead = expiring({ annotation: 'met; date=2099-12-31' });
    expect(ahead).toMatchObject({ status: 'unknown', points: 0 });
    expect(ahead.expiresAt).toBeUndefined();
    expect(ahead.problems).toEqual([
      {
        key: 'prodready.dev/check.a.expiring',
        checkId: 'a.expiring',
        message:
          "date '2099-12-31' is after today; it is the day the answer was given",
      },
    ]);
    // The summary a full run stores agrees.
    const summary = engine.summarize(
      {
        entity: component(
          'svc',
          answers({ 'a.expiring': 'met; date=2099-12-31' }),
        ),
      },
      context,
    );
    expect(summary.statuses[summary.checkIds.indexOf('a.expiring')]).toBe(
      'unknown',
    );
  });

  it('lets an expired gate answer block its level', () => {
    const model = tinyModel();
    model.checks[2] = { ...model.checks[2], gate: true };
    const scorecard = new ReadinessEngine(model).score(
      {
        entity: component(
          'svc',
          answers({ 'a.one': 'met', 'a.expiring': 'met; date=2026-01-01' }),
        ),
      },
      context,
    );
    expect(scorecard.level).toBeNull();
    expect(scorecard.nextLevel?.missingChecks).toEqual(['a.expiring']);
    expect(categoryOf(scorecard, 'a').counts.expired).toBe(1);
  });

  it('evaluates what parts inherit against the time of each scoring', () => {
    const system = engine.inheritableFrom(
      entity('System', 'payments', {
        annotations: answers({ 'a.expiring': 'met; date=2026-11-01' }),
      }),
    );
    const at = (now: string) =>
      checkOf(
        engine.score(
          { entity: component(), system },
          { now: new Date(now), catalog },
        ),
        'a.expiring',
      ).status;
    expect(at('2026-11-26T00:00:00Z')).toBe('met');
    expect(at('2026-12-02T00:00:00Z')).toBe('expired');
    expect(at('2026-11-26T00:00:00Z')).toBe('met');
  });
});

describe('ReadinessEngine roles', () => {
  const model = tinyModel();
  model.checks.push({
    ...model.checks[0],
    id: 'a.roles',
    gate: false,
    scoredBy: 'role-health',
  });
  const engine = new ReadinessEngine(model);
  const rolesCheck = (roles: Record<string, string>, lookup = catalog) =>
    checkOf(
      engine.score(
        {
          entity: component(
            'svc',
            Object.fromEntries(
              Object.entries(roles).map(([id, v]) => [
                `prodready.dev/role.${id}`,
                v,
              ]),
            ),
          ),
        },
        { now: NOW, catalog: lookup },
      ),
      'a.roles',
    ).status;

  it('scores roles-assigned from role health', () => {
    expect(rolesCheck({})).toBe('not-met');
    expect(rolesCheck({ lead: 'alice' })).toBe('partially-met');
    expect(rolesCheck({ lead: 'alice', ops: 'group:team-a' })).toBe('met');
    expect(rolesCheck({ lead: 'alice', ops: 'carol' })).toBe('partially-met'); // carol left
    expect(rolesCheck({ lead: 'alice', ops: 'bob', dba: 'carol' })).toBe(
      'partially-met',
    );
    expect(rolesCheck({ lead: 'alice', ops: 'alice' })).toBe('partially-met'); // bus factor
    expect(
      rolesCheck(
        { lead: 'alice', ops: 'group:team-a' },
        catalogOf(['user:default/alice', 'group:default/team-a'], {
          members: { 'group:default/team-a': 0 },
        }),
      ),
    ).toBe('partially-met');
  });

  it('is not applicable without required roles', () => {
    const optionalOnly = new ReadinessEngine({
      ...model,
      roles: model.roles.map(r => ({ ...r, required: false })),
    });
    expect(
      checkOf(optionalOnly.score({ entity: component() }, context), 'a.roles'),
    ).toMatchObject({ status: 'not-applicable', points: null });
  });

  it('counts role problems per role and as a whole', () => {
    const scorecard = engine.score(
      {
        entity: component('svc', {
          'prodready.dev/role.lead': 'alice, carol',
          'prodready.dev/role.ops': 'alice',
        }),
      },
      context,
    );
    expect(
      scorecard.roles.map(r => [r.roleId, r.problems.map(p => p.type)]),
    ).toEqual([
      ['lead', ['holder-not-in-catalog']],
      ['ops', []],
      ['dba', []],
    ]);
    expect(scorecard.roleHealth.map(p => p.type)).toEqual([
      'single-holder-of-all-required-roles',
    ]);
    expect(scorecard.roleProblems).toBe(2);
  });

  it('re-checks inherited holders against each catalog it is given', () => {
    const system = engine.inheritableFrom(
      entity('System', 'payments', {
        annotations: {
          'prodready.dev/role.lead': 'alice',
          'prodready.dev/role.ops': 'bob',
        },
      }),
    );
    const roleProblems = (lookup: typeof catalog) =>
      engine.score(
        { entity: component(), system },
        { now: NOW, catalog: lookup },
      ).roleProblems;
    expect(roleProblems(catalog)).toBe(0);
    expect(roleProblems(catalogOf(['user:default/alice']))).toBe(1);
    expect(roleProblems(catalog)).toBe(0);
  });
});

describe('ReadinessEngine inheritance from the System', () => {
  const engine = new ReadinessEngine(tinyModel());
  const systemEntity = entity('System', 'payments', {
    spec: { owner: 'team-a', domain: 'commerce' },
    annotations: {
      ...answers({ 'a.one': 'met', 'a.two': 'partial' }),
      'prodready.dev/role.lead': 'alice',
    },
  });

  it('hands down the System answers and roles, portal before annotation', () => {
    const system = engine.inheritableFrom(
      systemEntity,
      [portal('a.two', 'met')],
      [{ roleId: 'ops', holders: ['user:default/bob'], source: 'portal' }],
    );
    expect(system.entityRef).toBe('system:default/payments');
    expect(system.domain).toBe('domain:default/commerce');
    expect(system.answers.get('a.one')?.source).toBe('annotation');
    expect(system.answers.get('a.two')?.source).toBe('portal');
    expect([...system.roles.keys()]).toEqual(['lead', 'ops']);

    const scorecard = engine.score(
      {
        entity: component('svc', answers({ 'a.one': 'not-met' }), {
          system: 'payments',
        }),
        system,
      },
      context,
    );
    expect(checkOf(scorecard, 'a.one')).toMatchObject({
      source: 'annotation',
      status: 'not-met',
    });
    expect(checkOf(scorecard, 'a.two')).toMatchObject({
      source: 'inherited',
      inheritedFrom: 'system:default/payments',
      status: 'met',
    });
    expect(scorecard.roles.find(r => r.roleId === 'lead')).toMatchObject({
      source: 'inherited',
      inheritedFrom: 'system:default/payments',
      holders: ['user:default/alice'],
    });
    expect(scorecard.domain).toBe('domain:default/commerce');
  });

  it('does not hand down a role whose own annotation is malformed: the problem is listed and the role is unassigned', () => {
    const system = engine.inheritableFrom(systemEntity);
    const scorecard = engine.score(
      {
        entity: component(
          'svc',
          { 'prodready.dev/role.lead': 'api:default/not-a-person' },
          { system: 'payments' },
        ),
        system,
      },
      context,
    );
    expect(scorecard.problems).toEqual([
      expect.objectContaining({
        key: 'prodready.dev/role.lead',
        roleId: 'lead',
      }),
    ]);
    expect(scorecard.roles.find(r => r.roleId === 'lead')).toMatchObject({
      source: 'none',
      holders: [],
    });
  });

  it('puts a System in its domain, written as a name or as a full ref', () => {
    for (const domain of [
      'commerce',
      'domain:commerce',
      'default/commerce',
      'Domain:Default/Commerce',
    ]) {
      const system = entity('System', 'payments', {
        spec: { owner: 'team-a', domain },
      });
      expect(engine.score({ entity: system }, context).domain).toBe(
        'domain:default/commerce',
      );
      expect(engine.inheritableFrom(system).domain).toBe(
        'domain:default/commerce',
      );
    }
    const invalid = entity('System', 'payments', {
      spec: { domain: 'not a ref!' },
    });
    expect(engine.score({ entity: invalid }, context).domain).toBeUndefined();
  });

  it('gives every part the same result for what it inherits, frozen', () => {
    const system = engine.inheritableFrom(systemEntity);
    const first = engine.score({ entity: component('one'), system }, context);
    const second = engine.score({ entity: component('two'), system }, context);
    expect(checkOf(first, 'a.one')).toBe(checkOf(second, 'a.one'));
    expect(Object.isFrozen(checkOf(first, 'a.one'))).toBe(true);
    expect(Object.isFrozen(checkOf(first, 'b.two'))).toBe(true);
    expect(() => {
      (checkOf(first, 'b.two') as { status: string }).status = 'met';
    }).toThrow(TypeError);
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
