import { RollupMember } from '@prodready/plugin-readiness-common';
import { basisJson, keptBasisOf } from './storedBasis';
import { memberJson, memberOf } from './storedMember';

const member: RollupMember = {
  entityRef: 'component:default/cart',
  kind: 'component',
  owner: 'group:default/team-a',
  system: 'system:default/shop',
  lifecycle: 'production',
  score: 62.5,
  categories: { scalability: 50, security: null },
  level: 'bronze',
  gateFailures: 2,
  productionBelowGate: true,
  roleProblems: 1,
  roleGaps: { dba: 'unassigned' },
};

/** The row putScorecards writes for `member` (SQLite answers booleans as 0 or 1). */
const rowOf = (m: RollupMember, json = memberJson(m)) => ({
  entity_ref: m.entityRef,
  kind: m.kind,
  owner_ref: m.owner ?? null,
  system_ref: m.system ?? null,
  domain_ref: m.domain ?? null,
  lifecycle: m.lifecycle ?? null,
  gate_failures: m.gateFailures,
  production_below_gate: m.productionBelowGate ? 1 : 0,
  role_problems: m.roleProblems,
  member: json,
});

describe('a rollup member as stored', () => {
  it('leaves out of its JSON what the row has in columns, and reads back whole', () => {
    const json = memberJson(member);
    for (const repeated of ['component:default/cart', 'team-a', 'shop']) {
      expect(json).not.toContain(repeated);
    }
    expect(json.length).toBeLessThan(JSON.stringify(member).length / 2);
    expect(memberOf(rowOf(member))).toEqual(member);
    const bare: RollupMember = { ...member, roleGaps: undefined };
    delete bare.owner;
    delete bare.system;
    delete bare.lifecycle;
    delete bare.roleGaps;
    expect(memberOf(rowOf(bare))).toStrictEqual(bare);
  });

  it('reads rows stored with the whole member the same', () => {
    expect(memberOf(rowOf(member, JSON.stringify(member)))).toEqual(member);
    // The columns win, also when they say a field is absent.
    const unowned: RollupMember = { ...member };
    delete unowned.owner;
    expect(memberOf(rowOf(unowned, JSON.stringify(member)))).toStrictEqual(
      unowned,
    );
  });
});

describe('a fingerprint basis as stored', () => {
  it('keeps refs and the next expiry, and takes etag, kind and System from the row', () => {
    const basis = {
      etag: 'e1',
      kind: 'component',
      system: 'system:default/shop',
      refs: ['group:default/team-a'],
      expiries: [1790000000000],
    };
    const row = {
      input_basis: basisJson(basis),
      entity_etag: 'e1',
      kind: 'component',
      system_ref: 'system:default/shop',
    };
    expect(row.input_basis).not.toContain('e1');
    expect(keptBasisOf(row).inputBasis).toEqual(basis);
    // Without an etag there is nothing to compare the catalog's with.
    expect(
      keptBasisOf({ ...row, entity_etag: null }).inputBasis,
    ).toBeUndefined();
  });
});
