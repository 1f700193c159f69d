import { buildReadinessModel } from '../model/buildModel';
import { ReadinessConfigError } from '../model/config';
import { defaultChecks } from '../model/checks';
import { CheckResult, EntityScorecard, ReadinessCheck } from '../types';
import {
  catalogOf,
  component,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';
import { toRollupMember } from './rollups';
import { UpcomingImpactBuilder } from './upcomingImpact';

const catalog = catalogOf(['group:default/team-a']);
const at = (iso: string) => ({ now: new Date(iso), catalog });

const checkOf = (scorecard: EntityScorecard, id: string): CheckResult =>
  scorecard.checks.find(c => c.checkId === id)!;

/** The tiny model with b.one (silver gate) staged for 1 March and a.two (weight 3) for 1 June. */
function stagedModel() {
  const model = tinyModel();
  const staged: Record<string, string> = {
    'b.one': '2027-03-01',
    'a.two': '2027-06-01',
  };
  model.checks = model.checks.map(c =>
    staged[c.id] ? { ...c, effectiveFrom: staged[c.id] } : c,
  );
  return model;
}

const annotated = (values: Record<string, string>) =>
  component(
    'svc',
    Object.fromEntries(
      Object.entries(values).map(([id, v]) => [`prodready.dev/check.${id}`, v]),
    ),
  );

// a.one (bronze gate) met, b.two (gold gate) met, the two staged checks not met.
const svc = annotated({
  'a.one': 'met',
  'a.two': 'not-met',
  'a.expiring': 'na; reason=out-of-scope; note=no expiry here',
  'b.one': 'not-met',
  'b.two': 'met',
});

describe('staged checks (effectiveFrom)', () => {
  const engine = new ReadinessEngine(stagedModel());

  it('before the date: upcoming with the would-be status, counted in neither score nor level', () => {
    const scorecard = engine.score({ entity: svc }, { now: NOW, catalog });
    expect(checkOf(scorecard, 'b.one')).toMatchObject({
      status: 'upcoming',
      points: null,
      upcoming: { effectiveFrom: '2027-03-01', status: 'not-met' },
    });
    expect(checkOf(scorecard, 'a.two').upcoming).toEqual({
      effectiveFrom: '2027-06-01',
      status: 'not-met',
    });
    // Only a.one (1) and b.two (2) count, both met.
    expect(scorecard.score).toBe(100);
    // The failing silver gate does not block: gold is reached.
    expect(scorecard.level).toBe('gold');
    expect(scorecard.gateFailures).toBe(0);
    expect(scorecard.nextLevel).toBeUndefined();
    expect(scorecard.categories.find(c => c.categoryId === 'b')).toMatchObject({
      score: 100,
      risk: 'none',
      counts: { met: 1, upcoming: 1 },
    });
  });

  it('before the date: previews the level and score on each date with today’s answers', () => {
    const scorecard = engine.score({ entity: svc }, { now: NOW, catalog });
    expect(scorecard.upcoming).toEqual([
      {
        effectiveFrom: '2027-03-01',
        checks: ['b.one'],
        level: 'bronze',
        score: 60,
        lifecycleGatePassed: true,
      },
      {
        effectiveFrom: '2027-06-01',
        checks: ['a.two'],
        level: 'bronze',
        score: 37.5,
        lifecycleGatePassed: true,
      },
    ]);
  });

  it('from the date on: the check counts, and the preview was what scoring gives then', () => {
    const before = engine.score({ entity: svc }, { now: NOW, catalog });
    for (const outcome of before.upcoming!) {
      const then = engine.score(
        { entity: svc },
        at(`${outcome.effectiveFrom}T00:00:00Z`),
      );
      expect({ level: then.level, score: then.score }).toEqual({
        level: outcome.level,
        score: outcome.score,
      });
    }
    const march = engine.score({ entity: svc }, at('2027-03-01T00:00:00Z'));
    expect(checkOf(march, 'b.one')).toMatchObject({
      status: 'not-met',
      points: 0,
    });
    expect(checkOf(march, 'b.one').upcoming).toBeUndefined();
    expect(march.nextLevel).toEqual({
      levelId: 'silver',
      missingChecks: ['b.one'],
    });
    expect(march.upcoming).toHaveLength(1);
    // The last second before the date it is still upcoming.
    const eve = engine.score({ entity: svc }, at('2027-02-28T23:59:59Z'));
    expect(checkOf(eve, 'b.one').status).toBe('upcoming');
    const june = engine.score({ entity: svc }, at('2027-06-01T00:00:00Z'));
    expect(june.upcoming).toBeUndefined();
  });

  it('shows a met staged check as upcoming and would-be met', () => {
    const scorecard = engine.score(
      { entity: annotated({ 'b.one': 'met' }) },
      { now: NOW, catalog },
    );
    expect(checkOf(scorecard, 'b.one')).toMatchObject({
      status: 'upcoming',
      upcoming: { status: 'met' },
    });
    // Unanswered staged checks would be unknown.
    expect(checkOf(scorecard, 'a.two').upcoming?.status).toBe('unknown');
  });

  it('does not count upcoming checks as applicable for minimumApplicableChecks', () => {
    const model = { ...stagedModel(), minimumApplicableChecks: 3 };
    const scorecard = new ReadinessEngine(model).score(
      { entity: svc },
      { now: NOW, catalog },
    );
    expect(scorecard.notAssessed).toEqual({
      applicableChecks: 2,
      minimumApplicableChecks: 3,
    });
    expect(scorecard.level).toBeNull();
    expect(scorecard.upcoming?.[0]).toMatchObject({ level: 'bronze' });
    expect(scorecard.upcoming?.[0].notAssessed).toBeUndefined();
  });
});

describe('effectiveFrom in the configuration', () => {
  const someCheck = defaultChecks[0].id;

  it('stages a built-in check through an override and a custom check', () => {
    const model = buildReadinessModel({
      config: {
        checks: {
          overrides: { [someCheck]: { effectiveFrom: '2027-03-01' } },
          custom: [
            {
              id: 'security.sbom',
              category: 'security',
              title: 'SBOM',
              question: 'Is an SBOM published?',
              effectiveFrom: '2027-03-01',
            },
          ],
        },
      },
    });
    const byId = new Map(model.checks.map(c => [c.id, c]));
    expect(byId.get(someCheck)?.effectiveFrom).toBe('2027-03-01');
    expect(byId.get('security.sbom')?.effectiveFrom).toBe('2027-03-01');
  });

  it.each([
    ['1 March 2027', 'must be a date written YYYY-MM-DD'],
    ['2027-02-30', 'must be a real date'],
  ])('rejects %s naming the field', (value, message) => {
    expect(() =>
      buildReadinessModel({
        config: {
          checks: { overrides: { [someCheck]: { effectiveFrom: value } } },
        },
      }),
    ).toThrow(
      `readiness.checks.overrides.${someCheck}.effectiveFrom: ${message}`,
    );
  });

  it('rejects a contributed check with a bad date', () => {
    const contributed: ReadinessCheck = {
      ...defaultChecks[0],
      id: 'security.contributed',
      category: 'security',
      effectiveFrom: '2027/03/01',
    };
    expect(() =>
      buildReadinessModel({ contributions: { checks: [contributed] } }),
    ).toThrow(ReadinessConfigError);
    expect(() =>
      buildReadinessModel({ contributions: { checks: [contributed] } }),
    ).toThrow(
      "contributed checks[0].effectiveFrom: '2027/03/01' must be a date written YYYY-MM-DD",
    );
  });
});

describe('UpcomingImpactBuilder', () => {
  const model = stagedModel();
  const engine = new ReadinessEngine(model);
  const member = (entity: ReturnType<typeof annotated>) =>
    toRollupMember(engine.score({ entity }, { now: NOW, catalog }));

  it('counts, per staged date, who drops out of which level', () => {
    const builder = new UpcomingImpactBuilder(model);
    // gold today, bronze from 1 March (b.one fails): drops out of gold and silver.
    builder.add(member(svc));
    // gold today and every day after (all met).
    builder.add(
      member(
        annotated({
          'a.one': 'met',
          'a.two': 'met',
          'a.expiring': 'met',
          'b.one': 'met',
          'b.two': 'met',
        }),
      ),
    );
    // Silver today (b.two fails), bronze from 1 March.
    builder.add(
      member(
        annotated({ 'a.one': 'met', 'b.one': 'not-met', 'b.two': 'not-met' }),
      ),
    );
    const report = builder.build(NOW);
    expect(report.impacts).toEqual([
      {
        effectiveFrom: '2027-03-01',
        checks: ['b.one'],
        entities: 3,
        levelDrops: 2,
        dropOutOf: { gold: 1, silver: 2 },
        newlyBelowGate: 0,
      },
      {
        effectiveFrom: '2027-06-01',
        checks: ['a.two'],
        entities: 3,
        levelDrops: 2,
        dropOutOf: { gold: 1, silver: 2 },
        newlyBelowGate: 0,
      },
    ]);
    // Once a date has come, it is no longer previewed.
    expect(
      builder
        .build(new Date('2027-03-01T08:00:00Z'))
        .impacts.map(i => i.effectiveFrom),
    ).toEqual(['2027-06-01']);
  });

  it('counts production entities that would fall below the lifecycle gate', () => {
    const gated = {
      ...model,
      checks: model.checks.map(c =>
        c.id === 'a.two'
          ? { ...c, gate: true, level: 'bronze', effectiveFrom: '2027-06-01' }
          : c,
      ),
    };
    const scored = new ReadinessEngine(gated).score(
      { entity: annotated({ 'a.one': 'met', 'a.two': 'not-met' }) },
      { now: NOW, catalog },
    );
    const builder = new UpcomingImpactBuilder(gated);
    builder.add(toRollupMember(scored));
    const june = builder
      .build(NOW)
      .impacts.find(i => i.effectiveFrom === '2027-06-01');
    expect(june).toMatchObject({
      newlyBelowGate: 1,
      dropOutOf: { bronze: 1 },
    });
  });
});
