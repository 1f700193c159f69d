import {
  catalogOf,
  component,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import {
  EntityScorecard,
  NO_LEVEL,
  NOT_ASSESSED,
  RollupAggregate,
} from '../types';
import { ReadinessEngine } from './engine';
import { GroupHierarchy, GroupNode } from './groupHierarchy';
import {
  addToAggregate,
  emptyAggregate,
  summarizeAggregate,
} from './rollupAggregate';
import {
  computeRollups,
  OrgStructure,
  rollupRefsOf,
  RollupMember,
  toRollupMember,
} from './rollups';

function member(
  name: string,
  fields: Partial<RollupMember> & { score: number | null },
): RollupMember {
  return {
    entityRef: `component:default/${name}`,
    kind: 'component',
    categories: {},
    level: null,
    gateFailures: 0,
    productionBelowGate: false,
    roleProblems: 0,
    ...fields,
  };
}

const g = (name: string) => `group:default/${name}`;

// org ─┬─ eng ─┬─ team-a
//      │       └─ team-b
//      ├─ platform ─┬─ infra
//      │            └─ data
//      └─ sales
const groups: GroupNode[] = [
  {
    ref: g('org'),
    title: 'ACME',
    children: [g('eng'), g('platform'), g('sales')],
  },
  { ref: g('eng'), parent: g('org') },
  { ref: g('team-a'), parent: g('eng') },
  { ref: g('team-b'), parent: g('eng') },
  { ref: g('platform'), parent: g('org') },
  { ref: g('infra'), parent: g('platform') },
  { ref: g('data'), parent: g('platform') },
  { ref: g('sales') },
];
const structure: OrgStructure = {
  groups,
  systems: [
    {
      ref: 'system:default/payments',
      title: 'Payments',
      domain: 'domain:default/commerce',
    },
    { ref: 'system:default/search', domain: 'domain:default/commerce' },
    { ref: 'system:default/empty' },
  ],
  domains: [
    { ref: 'domain:default/commerce', title: 'Commerce' },
    { ref: 'domain:default/hr' },
  ],
};

const members: RollupMember[] = [
  member('pay-api', {
    owner: g('team-a'),
    system: 'system:default/payments',
    domain: 'domain:default/commerce',
    score: 80,
    categories: { cost: 100, security: 60 },
    level: 'silver',
    gateFailures: 1,
    roleProblems: 2,
  }),
  member('pay-db', {
    owner: g('team-b'),
    system: 'system:default/payments',
    domain: 'domain:default/commerce',
    score: 40,
    categories: { cost: null, security: 20 },
    level: 'bronze',
    productionBelowGate: true,
  }),
  {
    ...member('payments', {
      owner: g('team-a'),
      domain: 'domain:default/commerce',
      score: 60,
    }),
    entityRef: 'system:default/payments',
    kind: 'system',
  },
  member('search-ui', {
    owner: g('eng'),
    system: 'system:default/search',
    domain: 'domain:default/commerce',
    score: null,
  }),
  member('infra-1', { owner: g('infra'), score: 100, level: 'gold' }),
  member('data-1', {
    owner: g('data'),
    score: 0,
    gateFailures: 3,
    roleProblems: 1,
  }),
  member('data-2', { owner: g('data'), score: 0 }),
  member('data-3', { owner: g('data'), score: 0 }),
  member('mine', { owner: 'user:default/alice', score: 50 }),
  member('lost', { owner: g('gone'), score: 50 }),
];

const { rollups, problems } = computeRollups(members, structure);
const rollupOf = (ref: string) => {
  const rollup = rollups.find(r => r.ref === ref);
  if (!rollup) throw new Error(`no rollup ${ref}`);
  return rollup;
};

describe('computeRollups', () => {
  it('rolls up every group, system and domain of the structure, in order', () => {
    expect(rollups.map(r => `${r.kind} ${r.ref}`)).toEqual([
      ...groups.map(x => `group ${x.ref}`),
      'system system:default/payments',
      'system system:default/search',
      'system system:default/empty',
      'domain domain:default/commerce',
      'domain domain:default/hr',
    ]);
    expect(problems).toEqual([]);
  });

  it('gives a group its own entities and all its descendants, each once', () => {
    expect(rollupOf(g('team-a')).aggregate.entities).toBe(2);
    expect(rollupOf(g('eng')).aggregate.entities).toBe(4);
    expect(rollupOf(g('org')).aggregate.entities).toBe(8);
    // eng: pay-api 80, pay-db 40, payments 60, search-ui unscored
    expect(rollupOf(g('eng'))).toMatchObject({
      score: 60,
      parent: g('org'),
      children: [g('team-a'), g('team-b')],
      aggregate: {
        entities: 4,
        scored: 3,
        scoreSum: 180,
        levels: { silver: 1, bronze: 1, none: 2 },
        gateFailures: 1,
        productionBelowGate: 1,
        roleProblems: 2,
      },
    });
    expect(rollupOf(g('org'))).toMatchObject({ title: 'ACME', score: 40 });
  });

  it('scores a group that owns nothing but has sub-teams by the mean of their entities (entity-weighted)', () => {
    // infra: one entity at 100; data: three at 0. The mean of team means
    // would be 50; the mean of the entities is 25.
    expect(rollupOf(g('infra')).score).toBe(100);
    expect(rollupOf(g('data')).score).toBe(0);
    expect(rollupOf(g('platform'))).toMatchObject({
      score: 25,
      aggregate: {
        entities: 4,
        gateFailures: 1,
        roleProblems: 1,
        levels: { gold: 1, none: 3 },
      },
    });
  });

  it('averages each category over the members that have a score in it', () => {
    expect(rollupOf(g('eng')).categories).toEqual({ cost: 100, security: 40 });
    expect(rollupOf(g('eng')).aggregate.categories).toEqual({
      cost: { scored: 1, scoreSum: 100 },
      security: { scored: 2, scoreSum: 80 },
    });
  });

  it('gives a System itself and its parts, and a Domain its Systems and their parts', () => {
    expect(rollupOf('system:default/payments')).toMatchObject({
      title: 'Payments',
      parent: 'domain:default/commerce',
      children: [],
      score: 60,
      aggregate: { entities: 3 },
    });
    expect(rollupOf('domain:default/commerce')).toMatchObject({
      title: 'Commerce',
      children: ['system:default/payments', 'system:default/search'],
      score: 60,
      aggregate: { entities: 4, scored: 3 },
    });
  });

  it('gives groups, Systems and Domains without members a null score', () => {
    for (const ref of [
      g('sales'),
      'system:default/empty',
      'domain:default/hr',
    ]) {
      expect(rollupOf(ref)).toMatchObject({
        score: null,
        categories: {},
        aggregate: emptyAggregate(),
      });
    }
    expect(rollupOf('system:default/search').score).toBeNull();
  });

  it('leaves out entities owned by a person or by a group not in the catalog', () => {
    const counted = rollups
      .filter(r => r.kind === 'group' && !r.parent)
      .reduce((n, r) => n + r.aggregate.entities, 0);
    expect(counted).toBe(8); // of 10 members
  });

  it('reports the entities it leaves out of every group, by owner and why', () => {
    expect(computeRollups(members, structure).ownersOutsideGroups).toEqual({
      entities: 2,
      ownersTotal: 2,
      owners: [
        { owner: g('gone'), reason: 'not-in-catalog', entities: 1 },
        { owner: 'user:default/alice', reason: 'not-a-group', entities: 1 },
      ],
    });
  });

  it('lists the owners with the most left-out entities first, at most 50, and counts the rest', () => {
    const outside = [
      ...Array.from({ length: 60 }, (_, i) =>
        member(`solo-${i}`, { owner: g(`old-team-${i}`), score: 10 }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        member(`orphan-${i}`, { score: 10 }),
      ),
      ...Array.from({ length: 2 }, (_, i) =>
        member(`bob-${i}`, { owner: 'user:default/bob', score: 10 }),
      ),
      member('kept', { owner: g('sales'), score: 10 }),
    ];
    const report = computeRollups(outside, structure).ownersOutsideGroups;
    expect(report.entities).toBe(65);
    expect(report.ownersTotal).toBe(62);
    expect(report.owners).toHaveLength(50);
    expect(report.owners.slice(0, 3)).toEqual([
      { reason: 'no-owner', entities: 3 },
      { owner: 'user:default/bob', reason: 'not-a-group', entities: 2 },
      { owner: g('old-team-0'), reason: 'not-in-catalog', entities: 1 },
    ]);
    expect(report.owners.map(o => o.owner)).not.toContain(g('sales'));
  });

  it('handles an empty organisation', () => {
    expect(
      computeRollups([], { groups: [], systems: [], domains: [] }),
    ).toEqual({
      rollups: [],
      problems: [],
      ownersOutsideGroups: { entities: 0, ownersTotal: 0, owners: [] },
    });
  });

  it('is the same whatever the order of the members', () => {
    const reversed = computeRollups([...members].reverse(), structure);
    expect(reversed.rollups).toEqual(rollups);
  });
});

describe('GroupHierarchy', () => {
  it('completes parents from spec.children', () => {
    const hierarchy = new GroupHierarchy([
      { ref: g('org'), children: [g('eng')] },
      { ref: g('eng') },
    ]);
    expect(hierarchy.parent(g('eng'))).toBe(g('org'));
    expect(hierarchy.children(g('org'))).toEqual([g('eng')]);
    expect(hierarchy.roots()).toEqual([g('org')]);
    expect(hierarchy.problems).toEqual([]);
  });

  it('prefers spec.parent when spec.children of another group disagrees', () => {
    const hierarchy = new GroupHierarchy([
      { ref: g('a'), children: [g('c')] },
      { ref: g('b') },
      { ref: g('c'), parent: g('b') },
    ]);
    expect(hierarchy.parent(g('c'))).toBe(g('b'));
  });

  it('reports dangling parents and children and treats such groups as roots', () => {
    const hierarchy = new GroupHierarchy([
      { ref: g('orphan'), parent: g('deleted') },
      { ref: g('org'), children: [g('ghost')] },
    ]);
    expect(hierarchy.problems).toEqual([
      {
        type: 'dangling-parent',
        ref: g('orphan'),
        message:
          'group:default/orphan names parent group:default/deleted, which is not in the catalog',
      },
      {
        type: 'dangling-child',
        ref: g('org'),
        message:
          'group:default/org names child group:default/ghost, which is not in the catalog',
      },
    ]);
    expect(hierarchy.roots()).toEqual([g('orphan'), g('org')]);
  });

  it('reports cycles, cuts them and never loops', () => {
    const hierarchy = new GroupHierarchy([
      { ref: g('a'), parent: g('c') },
      { ref: g('b'), parent: g('a') },
      { ref: g('c'), parent: g('b') },
      { ref: g('d'), parent: g('c') },
      { ref: g('self'), parent: g('self'), children: [g('self')] },
    ]);
    expect(hierarchy.problems.map(p => [p.type, p.message])).toEqual([
      [
        'cycle',
        'groups form a cycle: group:default/self names itself as its parent',
      ],
      [
        'cycle',
        'groups form a cycle: group:default/self names itself as its child',
      ],
      [
        'cycle',
        'groups form a cycle: group:default/a → group:default/c → group:default/b → group:default/a',
      ],
    ]);
    // The edge that closed the cycle (b → a) is cut: b becomes a root.
    expect(hierarchy.selfAndAncestors(g('d'))).toEqual([
      g('d'),
      g('c'),
      g('b'),
    ]);
    expect(hierarchy.roots()).toEqual([g('b'), g('self')]);

    const { rollups: cyclic, problems: found } = computeRollups(
      [member('x', { owner: g('d'), score: 70 })],
      {
        groups: [
          { ref: g('a'), parent: g('c') },
          { ref: g('b'), parent: g('a') },
          { ref: g('c'), parent: g('b') },
          { ref: g('d'), parent: g('c') },
        ],
        systems: [],
        domains: [],
      },
    );
    expect(found).toHaveLength(1);
    // a is now a sub-team of c, beside d: not an ancestor of d.
    expect(cyclic.map(r => [r.ref, r.score])).toEqual([
      [g('a'), null],
      [g('b'), 70],
      [g('c'), 70],
      [g('d'), 70],
    ]);
  });

  it('handles a very deep hierarchy without overflowing the stack', () => {
    const depth = 5000;
    const chain: GroupNode[] = Array.from({ length: depth }, (_, i) => ({
      ref: g(`level-${i}`),
      ...(i ? { parent: g(`level-${i - 1}`) } : {}),
    }));
    const leaf = member('leaf', { owner: g(`level-${depth - 1}`), score: 42 });
    const { rollups: deep } = computeRollups([leaf], {
      groups: chain,
      systems: [],
      domains: [],
    });
    expect(deep[0]).toMatchObject({ ref: g('level-0'), score: 42 });
    expect(deep.every(r => r.aggregate.entities === 1)).toBe(true);
    const hierarchy = new GroupHierarchy(chain);
    expect(hierarchy.selfAndAncestors(g(`level-${depth - 1}`))).toHaveLength(
      depth,
    );
    expect(hierarchy.childrenFirst()[depth - 1]).toBe(g('level-0'));
  });
});

describe('rollupRefsOf', () => {
  it('names the owning group and its ancestors, the System (itself for a System) and the Domain', () => {
    const hierarchy = new GroupHierarchy(groups);
    expect(rollupRefsOf(members[0], hierarchy)).toEqual([
      { ref: g('team-a'), kind: 'group' },
      { ref: g('eng'), kind: 'group' },
      { ref: g('org'), kind: 'group' },
      { ref: 'system:default/payments', kind: 'system' },
      { ref: 'domain:default/commerce', kind: 'domain' },
    ]);
    expect(rollupRefsOf(members[2], hierarchy).slice(3)).toEqual([
      { ref: 'system:default/payments', kind: 'system' },
      { ref: 'domain:default/commerce', kind: 'domain' },
    ]);
    expect(rollupRefsOf(members[8], hierarchy)).toEqual([]);
  });
});

describe('addToAggregate', () => {
  const a = member('a', {
    score: 0.1,
    categories: { cost: 0.1 },
    level: 'gold',
  });
  const b = member('b', {
    score: 0.2,
    categories: { cost: 0.2, security: 33.3 },
    level: 'bronze',
    gateFailures: 2,
    productionBelowGate: true,
    roleProblems: 3,
  });

  it('adds a member', () => {
    expect(addToAggregate(emptyAggregate(), b)).toEqual({
      entities: 1,
      scored: 1,
      scoreSum: 0.2,
      categories: {
        cost: { scored: 1, scoreSum: 0.2 },
        security: { scored: 1, scoreSum: 33.3 },
      },
      levels: { bronze: 1 },
      gateFailures: 1,
      productionBelowGate: 1,
      roleProblems: 3,
    });
  });

  it('takes out exactly what it added, with sign -1', () => {
    const aggregate = addToAggregate(emptyAggregate(), a);
    const before: RollupAggregate = structuredClone(aggregate);
    addToAggregate(aggregate, b);
    addToAggregate(aggregate, b, -1);
    // 0.1 + 0.2 - 0.2 is 0.10000000000000003 in plain floating point.
    expect(aggregate).toEqual(before);
    expect(aggregate.scoreSum).toBe(0.1);
    addToAggregate(aggregate, a, -1);
    expect(aggregate).toEqual(emptyAggregate());
  });

  it('keeps unscored members in the entity count only', () => {
    const aggregate = addToAggregate(
      emptyAggregate(),
      member('n', { score: null, categories: { cost: null } }),
    );
    expect(aggregate).toMatchObject({
      entities: 1,
      scored: 0,
      scoreSum: 0,
      categories: {},
      levels: { none: 1 },
    });
  });
});

describe('summarizeAggregate', () => {
  it('gives the means to one decimal, null without scores', () => {
    const aggregate = [10, 20, 20.5].reduce(
      (agg, score, i) =>
        addToAggregate(
          agg,
          member(`m${i}`, {
            score,
            categories: { cost: score, security: null },
          }),
        ),
      emptyAggregate(),
    );
    expect(summarizeAggregate(aggregate)).toEqual({
      score: 16.8,
      categories: { cost: 16.8 },
    });
    expect(summarizeAggregate(emptyAggregate())).toEqual({
      score: null,
      categories: {},
    });
  });
});

describe('toRollupMember', () => {
  it('keeps what a rollup needs from a scorecard', () => {
    const scorecard: EntityScorecard = {
      entityRef: 'component:default/svc',
      kind: 'component',
      title: 'Service',
      owner: g('team-a'),
      system: 'system:default/payments',
      domain: 'domain:default/commerce',
      lifecycle: 'production',
      score: 55.5,
      categories: [
        { categoryId: 'cost', score: 10, risk: 'high', counts: {} as never },
        {
          categoryId: 'security',
          score: null,
          risk: 'none',
          counts: {} as never,
        },
      ],
      level: 'bronze',
      lifecycleGate: {
        production: true,
        minimumLevel: 'silver',
        passed: false,
      },
      gateFailures: 2,
      checks: [],
      roles: [],
      roleHealth: [],
      roleProblems: 4,
      problems: [],
      computedAt: '2026-11-26T12:00:00.000Z',
    };
    expect(toRollupMember(scorecard)).toEqual({
      entityRef: 'component:default/svc',
      kind: 'component',
      owner: g('team-a'),
      system: 'system:default/payments',
      domain: 'domain:default/commerce',
      lifecycle: 'production',
      score: 55.5,
      categories: { cost: 10, security: null },
      level: 'bronze',
      gateFailures: 2,
      productionBelowGate: true,
      roleProblems: 4,
    });
  });
});

describe('entities that are not assessed in rollups', () => {
  // Scorecards from the engine: one whose every check is N/A, one at the
  // highest level, one below the lowest.
  const engine = new ReadinessEngine(tinyModel());
  const na = 'na; reason=out-of-scope; note=not needed';
  const scored = (name: string, values: Record<string, string>) =>
    toRollupMember(
      engine.score(
        {
          entity: component(
            name,
            Object.fromEntries(
              Object.entries(values).map(([id, v]) => [
                `prodready.dev/check.${id}`,
                v,
              ]),
            ),
          ),
        },
        { now: NOW, catalog: catalogOf([]) },
      ),
    );
  const notAssessed = scored('all-na', {
    'a.one': na,
    'a.two': na,
    'a.expiring': na,
    'b.one': na,
    'b.two': na,
  });
  const gold = scored('gold', {
    'a.one': 'met',
    'a.two': 'met',
    'a.expiring': na,
    'b.one': 'met',
    'b.two': 'met',
  });
  const none = scored('none', {});
  const team = { groups: [{ ref: g('team') }], systems: [], domains: [] };
  const owned = (m: RollupMember) => ({ ...m, owner: g('team') });

  it('counts them as not assessed: in no level, not in `none`, and in no score mean', () => {
    expect(notAssessed).toMatchObject({
      level: null,
      notAssessed: true,
      score: null,
    });
    const [rollup] = computeRollups(
      [owned(notAssessed), owned(gold), owned(none)],
      team,
    ).rollups;
    expect(rollup.aggregate.entities).toBe(3);
    expect(rollup.aggregate.levels).toEqual({
      [NOT_ASSESSED]: 1,
      gold: 1,
      [NO_LEVEL]: 1,
    });
    expect(rollup.aggregate.scored).toBe(2);
    expect(rollup.score).toBe(summarizeAggregate(rollup.aggregate).score);
    // Production and not assessed: below the production gate.
    expect(rollup.aggregate.productionBelowGate).toBe(2);
  });

  it('moves an entity between not assessed and a level as a delta', () => {
    const aggregate = addToAggregate(emptyAggregate(), gold);
    addToAggregate(aggregate, notAssessed);
    addToAggregate(aggregate, notAssessed, -1);
    addToAggregate(aggregate, none);
    expect(aggregate.levels).toEqual({ gold: 1, [NO_LEVEL]: 1 });
    const fresh = addToAggregate(addToAggregate(emptyAggregate(), gold), none);
    expect(aggregate).toEqual(fresh);
  });
});
