import { ReadinessDetector } from '../detectors';
import { ReadinessAnswer } from '../types';
import { component, entity, tinyModel } from '../__testUtils__/fixtures';
import {
  answers,
  checkOf,
  context,
  portal,
} from '../__testUtils__/engineFixtures';
import { ReadinessEngine } from './engine';

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
