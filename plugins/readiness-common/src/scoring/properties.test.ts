import fc from 'fast-check';
import { buildReadinessModel } from '../model/buildModel';
import { catalogDetectors } from '../detectors';
import {
  EntityScorecard,
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessModel,
} from '../types';
import { catalogOf, component, NOW } from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';
import { GroupNode } from './groupHierarchy';
import { addToAggregate, emptyAggregate } from './rollupAggregate';
import { computeRollups, RollupMember } from './rollups';

/*
 * Invariants of the engine, checked on generated models, answers and
 * organisations rather than on hand-picked examples.
 */

const catalog = catalogOf([
  'group:default/team-a',
  'user:default/alice',
  'user:default/bob',
]);
const context = { now: NOW, catalog };

type Choice = 'met' | 'partial' | 'not-met' | 'na' | 'expired' | 'none';
const choices: Choice[] = [
  'met',
  'partial',
  'not-met',
  'na',
  'expired',
  'none',
];

/** The annotation value of a choice (none: no annotation, unknown). */
function valueOf(choice: Choice, check: ReadinessCheck): string | undefined {
  const date = check.expiresAfterDays ? '; date=2026-11-20' : '';
  switch (choice) {
    case 'met':
      return `met${date}`;
    case 'partial':
      return `partial${date}`;
    case 'not-met':
      return `not-met${date}`;
    case 'na':
      return 'na; reason=other; note=not needed';
    case 'expired':
      return check.expiresAfterDays ? 'met; date=2001-01-01' : 'not-met';
    default:
      return undefined;
  }
}

function annotationsOf(
  model: ReadinessModel,
  picks: Record<string, Choice>,
): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const check of model.checks) {
    const value = valueOf(picks[check.id] ?? 'none', check);
    if (value !== undefined && check.scoredBy !== 'role-health') {
      annotations[`prodready.dev/check.${check.id}`] = value;
    }
  }
  return annotations;
}

/** Random models: 1–3 categories, 1–8 checks with random weights, gates and levels. */
const modelArb: fc.Arbitrary<ReadinessModel> = fc
  .array(
    fc.record({
      category: fc.constantFrom('a', 'b', 'c'),
      weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      gate: fc.boolean(),
      level: fc.constantFrom('bronze', 'silver', 'gold'),
      expires: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map(specs => ({
    categories: ['a', 'b', 'c'].map(id => ({ id, title: id, description: id })),
    levels: ['bronze', 'silver', 'gold'].map(id => ({ id, title: id })),
    checks: specs.map((s, i) => ({
      id: `${s.category}.check-${i}`,
      category: s.category,
      title: `Check ${i}`,
      question: `Check ${i}?`,
      guidance: '',
      weight: s.weight,
      gate: s.gate,
      level: s.level,
      appliesTo: ['component'],
      roles: [],
      ...(s.expires ? { expiresAfterDays: 30 } : {}),
    })),
    roles: [],
    minimumProductionLevel: 'bronze',
  }));

const picksArb = (model: ReadinessModel) =>
  fc.record(
    Object.fromEntries(
      model.checks.map(c => [c.id, fc.constantFrom(...choices)]),
    ),
  ) as fc.Arbitrary<Record<string, Choice>>;

const levelRank = (model: ReadinessModel, scorecard: EntityScorecard) =>
  scorecard.level === null
    ? -1
    : model.levels.findIndex(l => l.id === scorecard.level);

describe('engine invariants', () => {
  const defaultModel = buildReadinessModel();
  const defaultEngine = new ReadinessEngine(defaultModel, catalogDetectors);

  it('keeps every score between 0 and 100 (or null), on any answers of the default model', () => {
    const portalArb = fc.array(
      fc.record({
        checkId: fc.constantFrom(...defaultModel.checks.map(c => c.id)),
        status: fc.constantFrom(
          'met',
          'partially-met',
          'not-met',
          'not-applicable',
        ),
        answeredAt: fc.constantFrom(
          '2026-01-01T00:00:00.000Z',
          '2026-11-25T00:00:00.000Z',
        ),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(
        picksArb(defaultModel),
        portalArb,
        fc.dictionary(
          fc.constantFrom(
            ...defaultModel.roles.map(r => `prodready.dev/role.${r.id}`),
          ),
          fc.constantFrom(
            'alice',
            'bob, group:team-a',
            'carol',
            'api:default/x',
          ),
        ),
        (picks, portal, roles) => {
          const scorecard = defaultEngine.score(
            {
              entity: component('svc', {
                ...annotationsOf(defaultModel, picks),
                ...roles,
              }),
              portalAnswers: portal.map(p => ({
                ...p,
                source: 'portal' as const,
              })),
            },
            context,
          );
          const scores = [
            scorecard.score,
            ...scorecard.categories.map(c => c.score),
          ].filter((score): score is number => score !== null);
          expect(scores.every(score => score >= 0 && score <= 100)).toBe(true);
          expect(
            scorecard.checks.every(
              c => c.points === null || (c.points >= 0 && c.points <= 1),
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lowers a score when a not-met or unknown answer becomes N/A or met', () => {
    fc.assert(
      fc.property(
        modelArb.chain(model =>
          fc.tuple(
            fc.constant(model),
            picksArb(model),
            fc.nat({ max: model.checks.length - 1 }),
            fc.constantFrom<Choice>('met', 'na'),
          ),
        ),
        ([model, picks, index, better]) => {
          const check = model.checks[index];
          fc.pre(['not-met', 'none', 'expired'].includes(picks[check.id]));
          const engine = new ReadinessEngine(model);
          const before = engine.score(
            { entity: component('svc', annotationsOf(model, picks)) },
            context,
          );
          const after = engine.score(
            {
              entity: component(
                'svc',
                annotationsOf(model, { ...picks, [check.id]: better }),
              ),
            },
            context,
          );
          const category = (s: EntityScorecard) =>
            s.categories.find(c => c.categoryId === check.category)!.score;
          // Before, the check counted 0 points: both scores exist.
          expect(after.score ?? 100).toBeGreaterThanOrEqual(before.score!);
          expect(category(after) ?? 100).toBeGreaterThanOrEqual(
            category(before)!,
          );
          // An entity left with no applicable check is not assessed rather
          // than ranked; every other one keeps or raises its level.
          const applicable = (c: EntityScorecard) =>
            c.checks.filter(r => r.status !== 'not-applicable').length;
          expect(after.notAssessed !== undefined).toBe(applicable(after) === 0);
          expect(
            after.notAssessed ? Infinity : levelRank(model, after),
          ).toBeGreaterThanOrEqual(levelRank(model, before));
          expect(after.gateFailures).toBeLessThanOrEqual(before.gateFailures);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scores the weighted share of points of the applicable checks', () => {
    const points: Record<Choice, number | null> = {
      met: 1,
      partial: 0.5,
      'not-met': 0,
      na: null,
      expired: 0,
      none: 0,
    };
    fc.assert(
      fc.property(
        modelArb.chain(model => fc.tuple(fc.constant(model), picksArb(model))),
        ([model, picks]) => {
          const scorecard = new ReadinessEngine(model).score(
            { entity: component('svc', annotationsOf(model, picks)) },
            context,
          );
          let weight = 0;
          let sum = 0;
          for (const check of model.checks) {
            const p = points[picks[check.id]];
            if (p !== null) {
              weight += check.weight;
              sum += check.weight * p;
            }
          }
          expect(scorecard.score === null).toBe(weight === 0);
          expect(scorecard.score ?? 0).toBeCloseTo(
            weight ? (100 * sum) / weight : 0,
            1,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A random organisation: a forest of groups, systems in domains, members. */
const orgArb = fc
  .record({
    parents: fc.array(fc.option(fc.nat(), { nil: undefined }), {
      minLength: 1,
      maxLength: 12,
    }),
    systemDomains: fc.array(fc.option(fc.nat({ max: 2 }), { nil: undefined }), {
      maxLength: 4,
    }),
    members: fc.array(
      fc.record({
        owner: fc.nat(),
        system: fc.option(fc.nat(), { nil: undefined }),
        tenths: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        cost: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        level: fc.constantFrom(null, 'bronze', 'silver'),
        gateFailures: fc.nat({ max: 3 }),
        roleProblems: fc.nat({ max: 3 }),
        cto: fc.constantFrom(undefined, 'unassigned', 'holder-gone'),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ parents, systemDomains, members }) => {
    // Group i may only have a parent with a smaller index: a forest.
    const groups: GroupNode[] = parents.map((p, i) => ({
      ref: `group:default/g${i}`,
      ...(p !== undefined && i > 0
        ? { parent: `group:default/g${p % i}` }
        : {}),
    }));
    const systems = systemDomains.map((d, i) => ({
      ref: `system:default/s${i}`,
      ...(d !== undefined ? { domain: `domain:default/d${d}` } : {}),
    }));
    const rollupMembers: RollupMember[] = members.map((m, i) => {
      const system =
        m.system !== undefined && systems.length
          ? systems[m.system % systems.length]
          : undefined;
      return {
        entityRef: `component:default/c${i}`,
        kind: 'component',
        owner: groups[m.owner % groups.length].ref,
        ...(system ? { system: system.ref } : {}),
        ...(system?.domain ? { domain: system.domain } : {}),
        score: m.tenths === null ? null : m.tenths / 10,
        categories: { cost: m.cost === null ? null : m.cost / 10 },
        level: m.level,
        gateFailures: m.gateFailures,
        productionBelowGate: m.gateFailures > 2,
        roleProblems: m.roleProblems,
        ...(m.cto ? { roleGaps: { cto: m.cto } } : {}),
      };
    });
    return {
      structure: {
        groups,
        systems,
        domains: [0, 1, 2].map(d => ({ ref: `domain:default/d${d}` })),
      },
      members: rollupMembers,
    };
  });

/** The mean of scores with one decimal, to one decimal, halves up — with integers only. */
function exactMean(scores: number[]): number | null {
  if (!scores.length) return null;
  const tenths = scores.reduce((n, s) => n + Math.round(s * 10), 0);
  return Math.round(tenths / scores.length) / 10;
}

describe('rollup invariants', () => {
  it('makes every rollup the mean of its members (group: own and descendants; system: itself and parts; domain: systems and parts)', () => {
    fc.assert(
      fc.property(orgArb, ({ structure, members }) => {
        const { rollups, problems } = computeRollups(members, structure);
        expect(problems).toEqual([]);
        const parentOf = new Map(structure.groups.map(g => [g.ref, g.parent]));
        const inGroup = (owner: string | undefined, group: string) => {
          for (let g = owner; g; g = parentOf.get(g))
            if (g === group) return true;
          return false;
        };
        for (const rollup of rollups) {
          const of = members.filter(m => {
            if (rollup.kind === 'group') return inGroup(m.owner, rollup.ref);
            if (rollup.kind === 'system') return m.system === rollup.ref;
            return m.domain === rollup.ref;
          });
          const scored = of.flatMap(m => (m.score === null ? [] : [m.score]));
          expect(rollup.aggregate.entities).toBe(of.length);
          expect(rollup.score).toBe(exactMean(scored));
          const costs = of.flatMap(m =>
            m.categories.cost === null ? [] : [m.categories.cost],
          );
          expect(rollup.categories.cost ?? null).toBe(exactMean(costs));
          expect(rollup.aggregate.gateFailures).toBe(
            of.filter(m => m.gateFailures > 0).length,
          );
          expect(rollup.aggregate.roleProblems).toBe(
            of.reduce((n, m) => n + m.roleProblems, 0),
          );
          // The role heat map's counts roll up like the scores.
          const gaps = (gap: string) =>
            of.filter(m => m.roleGaps?.cto === gap).length;
          expect(rollup.aggregate.roleGaps?.cto?.unassigned ?? 0).toBe(
            gaps('unassigned'),
          );
          expect(rollup.aggregate.roleGaps?.cto?.holderGone ?? 0).toBe(
            gaps('holder-gone'),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('undoes an addition exactly with sign -1, so incremental updates equal a computation from scratch', () => {
    fc.assert(
      fc.property(orgArb, fc.nat(), ({ members }, pick) => {
        fc.pre(members.length > 0);
        const removed = members[pick % members.length];
        const incremental = members.reduce(
          (agg, m) => addToAggregate(agg, m),
          emptyAggregate(),
        );
        addToAggregate(incremental, removed, -1);
        const fromScratch = members
          .filter(m => m !== removed)
          .reverse()
          .reduce((agg, m) => addToAggregate(agg, m), emptyAggregate());
        expect(incremental).toEqual(fromScratch);
        // and back again
        addToAggregate(incremental, removed, 1);
        expect(incremental).toEqual(
          members.reduce((agg, m) => addToAggregate(agg, m), emptyAggregate()),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('portal answers', () => {
  it('never make scoring throw, whatever their dates', () => {
    const model = buildReadinessModel();
    const engine = new ReadinessEngine(model);
    fc.assert(
      fc.property(
        fc.constantFrom(...model.checks.map(c => c.id)),
        fc.option(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              '+275760-09-13T00:00:00.000Z',
              '-271821-04-20T00:00:00.000Z',
              '2026-02-30',
              '2026/01/01',
            ),
          ),
          { nil: undefined },
        ),
        (checkId, answeredAt) => {
          const answer: ReadinessAnswer = {
            checkId,
            status: 'met',
            source: 'portal',
            ...(answeredAt !== undefined ? { answeredAt } : {}),
          };
          const scorecard = engine.score(
            { entity: component(), portalAnswers: [answer] },
            context,
          );
          expect(scorecard.checks.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
