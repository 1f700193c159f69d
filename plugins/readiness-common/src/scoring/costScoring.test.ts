import { COST_ANNOTATION_KEY } from '../annotationGrammar';
import {
  catalogOf,
  component,
  entity,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import { CostTable } from '../cost';
import { EntityScorecard, ReadinessCheck } from '../types';
import { ReadinessEngine } from './engine';

/*
 * The cost checks are scored from the entity's cost table: the seed's tiers
 * decide the status, the note names the tiers that are missing.
 */

const base = tinyModel();
const costCheck = (id: string): ReadinessCheck => ({
  id,
  category: 'cost',
  title: id,
  question: `${id}?`,
  guidance: '',
  weight: 1,
  gate: false,
  level: 'bronze',
  appliesTo: ['component', 'system'],
  roles: [],
});
const engine = new ReadinessEngine({
  ...base,
  categories: [
    ...base.categories,
    { id: 'cost', title: 'Cost', description: '' },
  ],
  checks: [
    ...base.checks,
    costCheck('cost.baseline-cost'),
    costCheck('cost.growth-curve'),
  ],
});
const context = { now: NOW, catalog: catalogOf(['group:default/team-a']) };

const resultOf = (scorecard: EntityScorecard, id: string) =>
  scorecard.checks.find(c => c.checkId === id)!;

const table = (...users: number[]): CostTable => ({
  currency: 'EUR',
  date: '2026-11-01',
  tiers: users.map(u => ({ users: u, monthlyCost: 100 + u })),
});

/** System `shop`, with a cost table listing every seed tier, as it hands down. */
const shopWithFullTable = () =>
  engine.inheritableFrom(
    entity('System', 'shop', { spec: { owner: 'team-a' } }),
    undefined,
    undefined,
    table(0, 1, 10, 100, 500, 1000, 1000000),
  );

const annotated = (value: string, extra: Record<string, string> = {}) =>
  component('svc', { [COST_ANNOTATION_KEY]: value, ...extra });

describe('scoring the cost checks from a cost table', () => {
  it('meets both checks when the annotation covers every seed tier', () => {
    const scorecard = engine.score(
      {
        entity: annotated(
          'currency=EUR; date=2026-11-01; 0=450; 1=455; 10=470; 100=620; 500=1300; 1000=2100; 1000000=380000',
        ),
      },
      context,
    );
    for (const id of ['cost.baseline-cost', 'cost.growth-curve']) {
      expect(resultOf(scorecard, id)).toMatchObject({
        status: 'met',
        source: 'automatic',
      });
    }
    expect(scorecard.costTable).toMatchObject({
      source: 'annotation',
      currency: 'EUR',
    });
    expect(scorecard.costTable?.tiers).toHaveLength(7);
  });

  it('partially meets the curve and names the missing tiers', () => {
    const scorecard = engine.score(
      { entity: component(), costTable: table(0, 1, 10, 100) },
      context,
    );
    expect(resultOf(scorecard, 'cost.baseline-cost').status).toBe('met');
    const curve = resultOf(scorecard, 'cost.growth-curve');
    expect(curve.status).toBe('partially-met');
    expect(curve.answer?.note).toBe(
      'the cost table has no figure for 500, 1,000, 1,000,000 users',
    );
    expect(scorecard.costTable?.source).toBe('portal');
  });

  it('takes the stored table over the annotation, and an explicit answer over both', () => {
    const entity_ = annotated('currency=EUR; date=2026-11-01; 5000=1', {
      'prodready.dev/check.cost.baseline-cost':
        'na; reason=out-of-scope; note=internal tool',
    });
    const scorecard = engine.score(
      { entity: entity_, costTable: table(0, 1) },
      context,
    );
    expect(scorecard.costTable?.tiers.map(t => t.users)).toEqual([0, 1]);
    expect(resultOf(scorecard, 'cost.baseline-cost')).toMatchObject({
      status: 'not-applicable',
      source: 'annotation',
    });
    expect(resultOf(scorecard, 'cost.growth-curve').status).toBe(
      'partially-met',
    );
  });

  it('lists a malformed annotation as a problem and leaves the checks unknown', () => {
    const scorecard = engine.score(
      { entity: annotated('currency=EUR; date=soon; 0=1') },
      context,
    );
    expect(scorecard.problems).toEqual([
      {
        key: COST_ANNOTATION_KEY,
        message: 'date: must be a date written YYYY-MM-DD',
      },
    ]);
    expect(scorecard.costTable).toBeUndefined();
    expect(resultOf(scorecard, 'cost.growth-curve').status).toBe('unknown');
  });

  it('hands a System\u2019s cost table down to its parts, below their own answers', () => {
    const inheritable = shopWithFullTable();
    const part = component('cart', {}, { system: 'shop' });
    const scorecard = engine.score(
      { entity: part, system: inheritable },
      context,
    );
    expect(resultOf(scorecard, 'cost.growth-curve')).toMatchObject({
      status: 'met',
      source: 'inherited',
      inheritedFrom: 'system:default/shop',
    });
    // Its own table wins over the System's.
    const own = engine.score(
      { entity: part, system: inheritable, costTable: table(0) },
      context,
    );
    expect(resultOf(own, 'cost.growth-curve')).toMatchObject({
      status: 'partially-met',
      source: 'automatic',
    });
  });

  it('leaves a part with a malformed cost annotation unknown on the cost checks, not inheriting the System\u2019s table', () => {
    const inheritable = shopWithFullTable();
    const part = component(
      'cart',
      { [COST_ANNOTATION_KEY]: 'currency=EURO; date=2026-11-01; 0=1' },
      { system: 'shop' },
    );
    const input = { entity: part, system: inheritable };
    const scorecard = engine.score(input, context);
    const problem = {
      key: COST_ANNOTATION_KEY,
      message: expect.stringContaining('currency'),
    };
    expect(scorecard.problems).toEqual([problem]);
    for (const id of ['cost.baseline-cost', 'cost.growth-curve']) {
      expect(resultOf(scorecard, id)).toMatchObject({
        status: 'unknown',
        source: 'none',
        problems: [problem],
      });
    }
    // The summary a full run stores says the same.
    const { checkIds, statuses } = engine.summarize(input, context);
    expect(
      ['cost.baseline-cost', 'cost.growth-curve'].map(
        id => statuses[checkIds.indexOf(id)],
      ),
    ).toEqual(['unknown', 'unknown']);
    // A portal table stands in for the malformed annotation, and a pushed
    // result answers above any cost table.
    expect(
      resultOf(
        engine.score({ ...input, costTable: table(0, 1) }, context),
        'cost.baseline-cost',
      ),
    ).toMatchObject({ status: 'met', source: 'automatic' });
    expect(
      resultOf(
        engine.score(
          {
            ...input,
            automaticResults: [
              {
                checkId: 'cost.growth-curve',
                status: 'met',
                source: 'automatic',
              },
            ],
          },
          context,
        ),
        'cost.growth-curve',
      ),
    ).toMatchObject({ status: 'met', source: 'automatic' });
  });

  it('hands down nothing for a cost check the System answers with a malformed annotation', () => {
    const system = entity('System', 'shop', {
      spec: { owner: 'team-a' },
      annotations: { 'prodready.dev/check.cost.growth-curve': 'done' },
    });
    const full = table(0, 1, 10, 100, 500, 1000, 1000000);
    // The System itself: unknown, its malformed annotation over its table.
    expect(
      resultOf(
        engine.score({ entity: system, costTable: full }, context),
        'cost.growth-curve',
      ).status,
    ).toBe('unknown');
    const inheritable = engine.inheritableFrom(
      system,
      undefined,
      undefined,
      full,
    );
    const part = component('cart', {}, { system: 'shop' });
    const scorecard = engine.score(
      { entity: part, system: inheritable },
      context,
    );
    expect(resultOf(scorecard, 'cost.growth-curve').source).toBe('none');
    // The other cost check, which the System does not answer, comes down.
    expect(resultOf(scorecard, 'cost.baseline-cost')).toMatchObject({
      status: 'met',
      source: 'inherited',
    });
  });

  it('gives no cost table and no answer to an entity without one', () => {
    const scorecard = engine.score({ entity: component() }, context);
    expect(scorecard.costTable).toBeUndefined();
    expect(resultOf(scorecard, 'cost.growth-curve').source).toBe('none');
  });
});
