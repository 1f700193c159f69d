import fc from 'fast-check';
import { buildReadinessModel } from '../model/buildModel';
import { catalogOf, component, entity, NOW } from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';
import { roleGapsOf } from './roleGaps';
import { addToAggregate, emptyAggregate } from './rollupAggregate';
import { computeRollups, RollupMember, toRollupMember } from './rollups';

/*
 * The role heat map: for each group, System and Domain, how many entities
 * have a required role unassigned or held by someone who left, rolled up to
 * ancestors like the scores.
 */

const engine = new ReadinessEngine(buildReadinessModel({}));
const catalog = catalogOf(
  ['group:default/team-a', 'group:default/empty', 'user:default/alice'],
  { members: { 'group:default/empty': 0 } },
);

describe('role gaps of a scorecard', () => {
  it('names unassigned required roles and roles whose holder left', () => {
    const scorecard = engine.score(
      {
        entity: component('svc', {
          'prodready.dev/role.cto': 'user:default/alice',
          'prodready.dev/role.architect': 'user:default/gone',
          'prodready.dev/role.sysadmin': 'group:default/empty',
        }),
      },
      { now: NOW, catalog },
    );
    const gaps = roleGapsOf(scorecard)!;
    expect(gaps.cto).toBeUndefined();
    expect(gaps.architect).toBe('holder-gone');
    expect(gaps.sysadmin).toBe('holder-gone');
    expect(gaps['devops-lead']).toBe('unassigned');
    // Optional roles and roles the entity does not need are no gap.
    expect(gaps.dba).toBeUndefined();
    expect(gaps['data-controller']).toBeUndefined();
  });

  it('gives a Resource no role gaps', () => {
    const scorecard = engine.score(
      { entity: entity('Resource', 'db', { spec: { owner: 'team-a' } }) },
      { now: NOW, catalog },
    );
    expect(roleGapsOf(scorecard)).toBeUndefined();
    expect(toRollupMember(scorecard).roleGaps).toBeUndefined();
  });
});

describe('role gaps in rollups', () => {
  const member = (
    name: string,
    owner: string,
    roleGaps?: RollupMember['roleGaps'],
    system?: string,
  ): RollupMember => ({
    entityRef: `component:default/${name}`,
    kind: 'component',
    owner,
    ...(system ? { system, domain: 'domain:default/payments' } : {}),
    score: 50,
    categories: {},
    level: null,
    gateFailures: 0,
    productionBelowGate: false,
    roleProblems: roleGaps ? Object.keys(roleGaps).length : 0,
    ...(roleGaps ? { roleGaps } : {}),
  });

  it('counts each role of the entities below a group, a System and a Domain', () => {
    const { rollups } = computeRollups(
      [
        member(
          'a',
          'group:default/team-x',
          { cto: 'unassigned' },
          'system:default/pay',
        ),
        member('b', 'group:default/team-y', {
          cto: 'holder-gone',
          sysadmin: 'unassigned',
        }),
        member('c', 'group:default/team-y'),
      ],
      {
        groups: [
          { ref: 'group:default/department' },
          { ref: 'group:default/team-x', parent: 'group:default/department' },
          { ref: 'group:default/team-y', parent: 'group:default/department' },
        ],
        systems: [
          { ref: 'system:default/pay', domain: 'domain:default/payments' },
        ],
        domains: [{ ref: 'domain:default/payments' }],
      },
    );
    const gapsOf = (ref: string) =>
      rollups.find(r => r.ref === ref)!.aggregate.roleGaps;
    expect(gapsOf('group:default/department')).toEqual({
      cto: { unassigned: 1, holderGone: 1 },
      sysadmin: { unassigned: 1, holderGone: 0 },
    });
    expect(gapsOf('group:default/team-x')).toEqual({
      cto: { unassigned: 1, holderGone: 0 },
    });
    expect(gapsOf('system:default/pay')).toEqual({
      cto: { unassigned: 1, holderGone: 0 },
    });
    expect(gapsOf('domain:default/payments')).toEqual({
      cto: { unassigned: 1, holderGone: 0 },
    });
  });

  it('sums to the entities below, and taking a member out undoes adding it', () => {
    const gap = fc.option(
      fc.dictionary(
        fc.constantFrom('cto', 'dba', 'data-controller'),
        fc.constantFrom('unassigned' as const, 'holder-gone' as const),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.array(gap, { maxLength: 20 }), fc.nat(), (gaps, pick) => {
        const members = gaps.map((g, i) =>
          member(`c${i}`, `group:default/g${i % 3}`, g),
        );
        const all = members.reduce(
          (agg, m) => addToAggregate(agg, m),
          emptyAggregate(),
        );
        for (const roleId of ['cto', 'dba', 'data-controller']) {
          const count = (kind: string) =>
            gaps.filter(g => g?.[roleId] === kind).length;
          expect(all.roleGaps?.[roleId]?.unassigned ?? 0).toBe(
            count('unassigned'),
          );
          expect(all.roleGaps?.[roleId]?.holderGone ?? 0).toBe(
            count('holder-gone'),
          );
        }
        // Taking one member out equals never adding it.
        const m = members[pick % Math.max(1, members.length)];
        const without = members.filter(x => x !== m);
        const taken = m ? addToAggregate(structuredClone(all), m, -1) : all;
        expect(taken).toEqual(
          without.reduce((agg, x) => addToAggregate(agg, x), emptyAggregate()),
        );
      }),
    );
  });
});
