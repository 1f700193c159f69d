import { ReadinessAnswer } from '../types';
import {
  catalogOf,
  component,
  entity,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import {
  answers,
  catalog,
  categoryOf,
  checkOf,
  context,
  portal,
} from '../__testUtils__/engineFixtures';
import { ReadinessEngine } from './engine';

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
