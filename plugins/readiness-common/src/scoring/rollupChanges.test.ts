import fc from 'fast-check';
import { Rollup, RollupAggregate } from '../types';
import { GroupHierarchy, GroupNode } from './groupHierarchy';
import { RoleGap } from './roleGaps';
import { addToAggregate, emptyAggregate } from './rollupAggregate';
import {
  applyMemberChanges,
  computeRollups,
  MemberChange,
  OrgStructure,
  RollupChanges,
  RollupMember,
} from './rollups';

/*
 * Writes move stored rollups by member changes; full runs compute them from
 * scratch. Whatever the sequence of changes and the shape of the hierarchy
 * (deep, cyclic, dangling), both must give the very same aggregates.
 */

const g = (i: number) => `group:default/g${i}`;
const s = (i: number) => `system:default/s${i}`;
const d = (i: number) => `domain:default/d${i}`;
const MISSING_GROUP = 'group:default/missing';

/** Groups whose parents and children may name themselves, each other in cycles, or groups not in the catalog. */
const groupsArb = (count: number): fc.Arbitrary<GroupNode[]> =>
  fc
    .array(
      fc.record({
        parent: fc.option(
          fc.oneof(
            fc.nat({ max: count - 1 }).map(g),
            fc.constant(MISSING_GROUP),
          ),
          { nil: undefined },
        ),
        children: fc.array(
          fc.oneof(
            fc.nat({ max: count - 1 }).map(g),
            fc.constant(MISSING_GROUP),
          ),
          { maxLength: 3 },
        ),
      }),
      { minLength: count, maxLength: count },
    )
    .map(nodes =>
      nodes.map((n, i) => ({
        ref: g(i),
        ...(n.parent ? { parent: n.parent } : {}),
        ...(n.children.length ? { children: n.children } : {}),
      })),
    );

/** A chain `count` groups deep (g0 the root), with a sub-team here and there. */
const deepGroups = (count: number): GroupNode[] =>
  Array.from({ length: count }, (_, i) => ({
    ref: g(i),
    ...(i > 0 ? { parent: g(i % 7 === 6 ? i - 2 : i - 1) } : {}),
  }));

/** Systems s0–s3 in Domains d0–d1 or in d2, which is not in the catalog. */
const systemsArb = fc.array(fc.option(fc.nat({ max: 2 }), { nil: undefined }), {
  minLength: 4,
  maxLength: 4,
});

const tenthsArb = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null });

/** A member's fields; owner, System and Domain may name rollups that do not exist. */
const memberArb = (groupCount: number) =>
  fc.record({
    owner: fc.oneof(
      fc.nat({ max: groupCount - 1 }).map(g),
      fc.constantFrom(MISSING_GROUP, 'user:default/alice', undefined),
    ),
    system: fc.option(fc.nat({ max: 4 }).map(s), { nil: undefined }),
    domain: fc.option(fc.nat({ max: 2 }).map(d), { nil: undefined }),
    score: tenthsArb,
    a: tenthsArb,
    b: fc.option(tenthsArb, { nil: undefined }),
    level: fc.constantFrom(null, 'bronze', 'silver', 'gold'),
    gateFailures: fc.nat({ max: 2 }),
    productionBelowGate: fc.boolean(),
    roleProblems: fc.nat({ max: 3 }),
    roleGaps: fc.option(
      fc.dictionary(
        fc.constantFrom('cto', 'dba', 'data-controller'),
        fc.constantFrom('unassigned', 'holder-gone') as fc.Arbitrary<RoleGap>,
      ),
      { nil: undefined },
    ),
  });

type MemberFields = typeof memberArb extends (
  n: number,
) => fc.Arbitrary<infer T>
  ? T
  : never;

/** Entities 0–7 are components, 8–9 the Systems s0 and s1 themselves. */
function memberOf(entity: number, f: MemberFields): RollupMember {
  const isSystem = entity >= 8;
  const categories: Record<string, number | null> = {
    a: f.a === null ? null : f.a / 10,
  };
  if (f.b !== undefined) categories.b = f.b === null ? null : f.b / 10;
  return {
    entityRef: isSystem ? s(entity - 8) : `component:default/c${entity}`,
    kind: isSystem ? 'system' : 'component',
    ...(f.owner ? { owner: f.owner } : {}),
    ...(f.system && !isSystem ? { system: f.system } : {}),
    ...(f.domain ? { domain: f.domain } : {}),
    score: f.score === null ? null : f.score / 10,
    categories,
    level: f.level,
    gateFailures: f.gateFailures,
    productionBelowGate: f.productionBelowGate,
    roleProblems: f.roleProblems,
    ...(f.roleGaps && Object.keys(f.roleGaps).length
      ? { roleGaps: f.roleGaps }
      : {}),
  };
}

/** A write: the entity gets new fields, or leaves; `commit` ends the batch applied at once. */
const opsArb = (groupCount: number) =>
  fc.array(
    fc.record({
      entity: fc.nat({ max: 9 }),
      remove: fc.boolean(),
      fields: memberArb(groupCount),
      commit: fc.boolean(),
    }),
    { maxLength: 40 },
  );

function structureOf(
  groups: GroupNode[],
  systemDomains: (number | undefined)[],
): OrgStructure {
  return {
    groups,
    systems: systemDomains.map((domain, i) => ({
      ref: s(i),
      ...(domain !== undefined ? { domain: d(domain) } : {}),
    })),
    domains: [{ ref: d(0) }, { ref: d(1) }],
  };
}

/** The hierarchy a write sees: only the parents stored with the group rollups. */
const storedHierarchy = (rollups: Rollup[]) =>
  new GroupHierarchy(
    rollups
      .filter(r => r.kind === 'group')
      .map(r => ({ ref: r.ref, ...(r.parent ? { parent: r.parent } : {}) })),
  );

/** Each rollup by definition, summed member by member (independent of RollupChanges). */
function byDefinition(
  members: RollupMember[],
  hierarchy: GroupHierarchy,
  rollup: Rollup,
): RollupAggregate {
  return members
    .filter(m => {
      if (rollup.kind === 'group') {
        return (
          !!m.owner &&
          hierarchy.has(m.owner) &&
          hierarchy.selfAndAncestors(m.owner).includes(rollup.ref)
        );
      }
      if (rollup.kind === 'system') {
        return (m.kind === 'system' ? m.entityRef : m.system) === rollup.ref;
      }
      return m.domain === rollup.ref;
    })
    .reduce((agg, m) => addToAggregate(agg, m), emptyAggregate());
}

/**
 * Replays `ops` on stored aggregates the way writes do (batch by batch, with
 * the hierarchy of the stored parents), and computes from scratch, and by
 * definition, the rollups of the members that are left.
 */
function replay(
  structure: OrgStructure,
  initial: { entity: number; fields: MemberFields }[],
  ops: {
    entity: number;
    remove: boolean;
    fields: MemberFields;
    commit: boolean;
  }[],
) {
  const current = new Map<number, RollupMember>();
  for (const { entity, fields } of initial) {
    current.set(entity, memberOf(entity, fields));
  }
  const start = computeRollups(current.values(), structure);
  const written = new Map(
    start.rollups.map(r => [r.ref, structuredClone(r.aggregate)]),
  );
  const hierarchy = storedHierarchy(start.rollups);

  let batch: MemberChange[] = [];
  for (const op of ops) {
    const old = current.get(op.entity);
    const next = op.remove ? undefined : memberOf(op.entity, op.fields);
    if (next) current.set(op.entity, next);
    else current.delete(op.entity);
    batch.push({ old, next });
    if (op.commit) {
      applyMemberChanges(written, batch, hierarchy);
      batch = [];
    }
  }
  applyMemberChanges(written, batch, hierarchy);

  const members = [...current.values()];
  const fromScratch = computeRollups(members, structure);
  const catalogHierarchy = new GroupHierarchy(structure.groups);
  return {
    storedHierarchyProblems: hierarchy.problems,
    written,
    fromScratch: new Map(fromScratch.rollups.map(r => [r.ref, r.aggregate])),
    byDefinition: new Map(
      fromScratch.rollups.map(r => [
        r.ref,
        byDefinition(members, catalogHierarchy, r),
      ]),
    ),
  };
}

function expectSameRollups(result: ReturnType<typeof replay>) {
  // The stored parents are already free of cycles and dangling references.
  expect(result.storedHierarchyProblems).toEqual([]);
  expect(result.written).toEqual(result.fromScratch);
  expect(result.fromScratch).toEqual(result.byDefinition);
}

describe('applyMemberChanges', () => {
  it('moves stored rollups, batch by batch, to exactly what a computation from scratch gives (cyclic and dangling hierarchies)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain(count =>
          fc.record({
            groups: groupsArb(count),
            systems: systemsArb,
            initial: fc.array(
              fc.record({
                entity: fc.nat({ max: 9 }),
                fields: memberArb(count),
              }),
              { maxLength: 10 },
            ),
            ops: opsArb(count),
          }),
        ),
        ({ groups, systems, initial, ops }) => {
          const result = replay(structureOf(groups, systems), initial, ops);
          expect(result.written).toEqual(result.fromScratch);
          expectSameRollups(result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does the same in a hierarchy hundreds of groups deep', () => {
    const count = 400;
    fc.assert(
      fc.property(
        systemsArb,
        fc.array(
          fc.record({ entity: fc.nat({ max: 9 }), fields: memberArb(count) }),
          { maxLength: 10 },
        ),
        opsArb(count),
        (systems, initial, ops) => {
          const result = replay(
            structureOf(deepGroups(count), systems),
            initial,
            ops,
          );
          expect(result.written).toEqual(result.fromScratch);
          expectSameRollups(result);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('leaves out rollups that do not exist and reports the ones it moved', () => {
    const hierarchy = new GroupHierarchy([
      { ref: g(0) },
      { ref: g(1), parent: g(0) },
    ]);
    const aggregates = new Map([
      [g(0), emptyAggregate()],
      [g(1), emptyAggregate()],
    ]);
    const member = memberOf(0, {
      owner: g(1),
      system: s(3),
      domain: undefined,
      score: 500,
      a: null,
      b: undefined,
      level: null,
      gateFailures: 0,
      productionBelowGate: false,
      roleProblems: 0,
      roleGaps: undefined,
    });
    const moved = applyMemberChanges(aggregates, [{ next: member }], hierarchy);
    expect([...moved]).toEqual([g(1), g(0)]);
    expect(aggregates.get(g(0))).toMatchObject({ entities: 1, scoreSum: 50 });
    expect(aggregates.has(s(3))).toBe(false);
    // What a write reads before applying: the group chain and the System.
    expect([
      ...new RollupChanges(hierarchy).add({ old: member }).affected(),
    ]).toEqual([
      [g(1), 'group'],
      [g(0), 'group'],
      [s(3), 'system'],
    ]);
  });
});
