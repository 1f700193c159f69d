import {
  buildReadinessModel,
  ReadinessAnswer,
  ReadinessEngine,
  ReadinessExemption,
  ReadinessRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { Entity } from '@backstage/catalog-model';
import { CatalogIndex } from './catalogLookup';
import { InputFingerprints } from './inputFingerprint';
import { handedDown } from './scoringInputs';

const engine = new ReadinessEngine(buildReadinessModel());
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default', etag: 'e1' },
  spec: { owner: 'team-a', lifecycle: 'production' },
};
const approved: ReadinessExemption = {
  id: 'x1',
  entityRef: 'component:default/cart',
  checkId: 'security.pen-test',
  reasonCode: 'planned-remediation',
  reasonText: 'Booked',
  endsOn: '2027-01-10',
  status: 'approved',
  requestedBy: 'user:default/alice',
  requestedAt: '2026-11-01T00:00:00.000Z',
  decidedBy: 'user:default/carol',
  decidedAt: '2026-11-02T00:00:00.000Z',
  version: 2,
};

/** Alice's answer in the portal. */
const portalAnswer = (checkId: string, version = 1): ReadinessAnswer => ({
  checkId,
  status: 'met',
  source: 'portal',
  answeredBy: 'user:default/alice',
  answeredAt: '2026-11-20T00:00:00.000Z',
  version,
});

const at = (iso: string) =>
  new InputFingerprints(engine, new CatalogIndex(), new Date(iso));

describe('InputFingerprints and exemptions', () => {
  it('leaves the fingerprint of an entity without exemptions as it was', () => {
    const fingerprints = at('2026-12-01T00:00:00Z');
    expect(fingerprints.of({ entity, exemptions: [] })).toBe(
      fingerprints.of({ entity }),
    );
  });

  it('changes with a request, a decision, and when an exemption nears or reaches its end', () => {
    const now = at('2026-12-01T00:00:00Z');
    const pending = { ...approved, status: 'pending' as const, version: 1 };
    const none = now.of({ entity });
    const requested = now.of({ entity, exemptions: [pending] });
    const decided = now.of({ entity, exemptions: [approved] });
    expect(new Set([none, requested, decided]).size).toBe(3);

    // Same inputs, the clock moved: the same until 30 days before the end
    // (2026-12-11), then again until the end day, then again.
    const of = (iso: string) => at(iso).of({ entity, exemptions: [approved] });
    expect(of('2026-12-05T00:00:00Z')).toBe(decided);
    expect(of('2026-12-11T00:00:00Z')).not.toBe(decided);
    expect(of('2026-12-20T00:00:00Z')).toBe(of('2026-12-11T00:00:00Z'));
    expect(of('2027-01-10T00:00:00Z')).not.toBe(of('2026-12-20T00:00:00Z'));
  });
});

describe('InputFingerprints and answers dated ahead', () => {
  it('change when an annotation dated after today starts to count, and not before', () => {
    const dated = (date: string): Entity => ({
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          'prodready.dev/check.monitoring.metrics': `met; date=${date}`,
        },
      },
    });
    const of = (iso: string) => at(iso).of({ entity: dated('2026-12-20') });
    // It counts from a day before its date (zones ahead of UTC).
    expect(of('2026-12-05T00:00:00Z')).toBe(of('2026-12-18T23:00:00Z'));
    expect(of('2026-12-19T00:00:00Z')).not.toBe(of('2026-12-18T23:00:00Z'));
  });
});

describe("InputFingerprints and a System's role holders", () => {
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shop',
      namespace: 'default',
      annotations: { 'prodready.dev/role.devops-lead': 'user:default/alice' },
    },
    spec: { owner: 'team-a' },
  };
  const part: Entity = {
    ...entity,
    spec: { ...entity.spec, system: 'shop' },
  };
  const user = (lifecycle?: string): Entity => ({
    apiVersion: 'backstage.io/v1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: lifecycle ? { lifecycle } : {},
  });
  /** The part's fingerprint with a catalog holding `entities`. */
  const fingerprintWith = (...entities: Entity[]) => {
    const index = new CatalogIndex();
    entities.forEach(e => index.add(e));
    const fingerprints = new InputFingerprints(
      engine,
      index,
      new Date('2026-12-01T00:00:00Z'),
    );
    return fingerprints.of({
      entity: part,
      system: engine.inheritableFrom(system),
    });
  };

  it('changes when a holder of a role the System hands down leaves the catalog or changes lifecycle', () => {
    const present = fingerprintWith(user());
    expect(fingerprintWith(user())).toBe(present);
    expect(fingerprintWith()).not.toBe(present);
    expect(fingerprintWith(user('deprecated'))).not.toBe(present);
  });
});

describe('InputFingerprints and the order of stored records', () => {
  const answer = (checkId: string) => portalAnswer(checkId);
  const role = (roleId: string): ReadinessRoleAssignment => ({
    roleId,
    holders: ['user:default/alice'],
    source: 'portal',
    version: 1,
  });

  // Rows come back in the order of the query plan: an IN list and a range
  // scan of the same table may differ.
  it('is the same whatever order the answers, results, roles and exemptions come in', () => {
    const fingerprints = at('2026-12-01T00:00:00Z');
    const answers = [answer('support.runbooks'), answer('cost.budget')];
    const roles = [role('dba'), role('devops-lead')];
    const exemptions = [approved, { ...approved, id: 'x0' }];
    const inOrder = fingerprints.of({
      entity,
      portalAnswers: answers,
      automaticResults: answers,
      portalRoles: roles,
      exemptions,
    });
    expect(
      fingerprints.of({
        entity,
        portalAnswers: [...answers].reverse(),
        automaticResults: [...answers].reverse(),
        portalRoles: [...roles].reverse(),
        exemptions: [...exemptions].reverse(),
      }),
    ).toBe(inOrder);
  });

  it("is the same whatever order the System's answers and roles come in", () => {
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default' },
    };
    const part = { ...entity, spec: { ...entity.spec, system: 'shop' } };
    const answers = [answer('support.runbooks'), answer('cost.budget')];
    const roles = [role('dba'), role('devops-lead')];
    const partOf = (a: ReadinessAnswer[], r: ReadinessRoleAssignment[]) =>
      at('2026-12-01T00:00:00Z').of({
        entity: part,
        system: engine.inheritableFrom(system, a, r),
      });
    expect(partOf([...answers].reverse(), [...roles].reverse())).toBe(
      partOf(answers, roles),
    );
  });
});

describe("InputFingerprints and what a System's hand-down is derived from", () => {
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shop',
      namespace: 'default',
      etag: 's1',
      annotations: { 'prodready.dev/role.devops-lead': 'user:default/alice' },
    },
    spec: { owner: 'team-a', domain: 'retail' },
  };
  const part = { ...entity, spec: { ...entity.spec, system: 'shop' } };
  const answer = portalAnswer;
  const partWith = (
    body: Entity,
    answers?: ReadinessAnswer[],
    roles?: ReadinessRoleAssignment[],
  ) =>
    at('2026-12-01T00:00:00Z').of({
      entity: part,
      system: handedDown(engine, body, answers, roles),
    });

  it('is the same for the same System body and stored records', () => {
    const answers = [answer('support.runbooks'), answer('cost.budget')];
    expect(partWith(system, [...answers].reverse())).toBe(
      partWith({ ...system }, answers),
    );
  });

  it("changes with the System's etag, its stored answers, roles and cost table", () => {
    const before = partWith(system, [answer('support.runbooks')]);
    const edited = { ...system, metadata: { ...system.metadata, etag: 's2' } };
    expect(partWith(edited, [answer('support.runbooks')])).not.toBe(before);
    expect(partWith(system, [answer('support.runbooks', 2)])).not.toBe(before);
    expect(partWith(system, [])).not.toBe(before);
    const dba: ReadinessRoleAssignment = {
      roleId: 'dba',
      holders: ['user:default/bob'],
      source: 'portal',
      version: 1,
    };
    expect(partWith(system, [answer('support.runbooks')], [dba])).not.toBe(
      before,
    );
    const costed = at('2026-12-01T00:00:00Z').of({
      entity: part,
      system: handedDown(engine, system, [answer('support.runbooks')], [], {
        currency: 'EUR',
        date: '2026-11-01',
        tiers: [{ users: 0, monthlyCost: 40 }],
      }),
    });
    expect(costed).not.toBe(before);
  });

  it('is taken from the System body and records, not from the answers and roles derived from them', () => {
    const derived = handedDown(engine, system, [answer('support.runbooks')]);
    expect(derived.derivedFrom).toContain('"s1"');
    // The derived answers are not hashed again: the System's body and
    // records say all there is to say.
    const withoutDerivation = { ...derived, derivedFrom: undefined };
    const fingerprints = at('2026-12-01T00:00:00Z');
    expect(fingerprints.of({ entity: part, system: derived })).not.toBe(
      fingerprints.of({ entity: part, system: withoutDerivation }),
    );
  });

  it('falls back to the derived answers and roles for a System without an etag', () => {
    const unversioned = {
      ...system,
      metadata: { ...system.metadata, etag: undefined },
    };
    expect(handedDown(engine, unversioned).derivedFrom).toBeUndefined();
    expect(partWith(unversioned, [answer('support.runbooks')])).not.toBe(
      partWith(unversioned, [answer('support.runbooks', 2)]),
    );
  });
});

describe('InputFingerprints across releases', () => {
  // A model of its own, so that editing the built-in checklist (which
  // rightly rescores everything) leaves this test alone.
  const modelOnly = {
    model: {
      checks: [
        { id: 'ops.runbook', appliesTo: ['component'], expiresAfterDays: 90 },
        { id: 'ops.alerts', appliesTo: ['component'] },
        {
          id: 'ops.drill',
          appliesTo: ['component'],
          effectiveFrom: '2027-02-01',
        },
      ],
    },
    detectorVersions: [],
  } as unknown as ReadinessEngine;
  const index = new CatalogIndex();
  index.add({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [], members: ['alice', 'bob'] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/alice' },
      { type: 'hasMember', targetRef: 'user:default/bob' },
    ],
  });
  index.add({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'db', namespace: 'default' },
    spec: { lifecycle: 'production' },
  });
  index.add({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: {},
  });
  const answer = (checkId: string) => portalAnswer(checkId, 2);
  const basis = {
    etag: 'e7',
    kind: 'component',
    system: 'system:default/shop',
    refs: ['group:default/team-a', 'component:default/db', 'user:default/gone'],
    expiries: [Date.parse('2027-01-05T00:00:00Z')],
  };
  const system = {
    entityRef: 'system:default/shop',
    domain: 'domain:default/retail',
    answers: new Map([['ops.runbook', answer('ops.runbook')]]),
    roles: new Map([
      [
        'devops-lead',
        {
          roleId: 'devops-lead',
          holders: ['user:default/alice'],
          source: 'portal' as const,
          version: 1,
        },
      ],
    ]),
    derivedFrom: '["s3",[],[],null]',
  };
  const fingerprints = new InputFingerprints(
    modelOnly,
    index,
    new Date('2026-12-01T00:00:00Z'),
  );

  // Taken by the release whose engine leaves the cost checks of a malformed
  // cost annotation unknown (row format 6, which every fingerprint covers, so
  // that upgrading to it wrote every row again and dropped the details kept
  // from before): an upgrade that changes only how they are taken must not
  // score every entity again. Change these only with what a fingerprint
  // covers.
  it('takes the fingerprints that earlier releases stored', () => {
    expect(
      fingerprints.ofBasis(
        { ...basis, system: undefined, refs: [], expiries: [] },
        {},
      ),
    ).toBe('4e8c48f90aec8aaa92576984e2e77ff62900dca6');
    expect(
      fingerprints.ofBasis(basis, {
        portalAnswers: [answer('ops.runbook'), answer('ops.alerts')],
        portalRoles: [
          {
            roleId: 'service-owner',
            holders: ['user:default/alice', 'group:default/team-a'],
            source: 'portal',
            version: 3,
          },
        ],
        automaticResults: [{ ...answer('ops.alerts'), source: 'automatic' }],
        costTable: {
          currency: 'EUR',
          date: '2026-11-01',
          tiers: [{ users: 100, monthlyCost: 40 }],
        },
        exemptions: [approved],
        system,
      }),
    ).toBe('e666d747e6ce4d994003434b23e470e7a9709766');
  });
});

// A memo of the facts of every ref would have to leave out refs the index
// lacks: RefLookups may read them by ref later in the same run.
describe('InputFingerprints and a ref the catalog gave later in the run', () => {
  it('takes its facts from then on', () => {
    const index = new CatalogIndex();
    const now = new Date('2026-12-01T00:00:00Z');
    const fingerprints = new InputFingerprints(engine, index, now);
    const basis = {
      etag: 'e1',
      kind: 'component',
      refs: ['user:default/carol'],
      expiries: [],
    };
    const before = fingerprints.ofBasis(basis, {});
    index.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'carol', namespace: 'default' },
      spec: {},
    });
    const after = fingerprints.ofBasis(basis, {});
    expect(after).not.toBe(before);
    expect(after).toBe(
      new InputFingerprints(engine, index, now).ofBasis(basis, {}),
    );
  });
});

// A detector's code is not an input the backend can see; its version is.
describe('InputFingerprints and the versions of detectors', () => {
  const detector = (version?: string) => ({
    id: 'sox-folder',
    title: 'SOX evidence folder',
    checkIds: ['security.pen-test'],
    ...(version === undefined ? {} : { version }),
    detect: () => [],
  });
  const fingerprintWith = (version?: string) =>
    new InputFingerprints(
      new ReadinessEngine(buildReadinessModel(), [detector(version)]),
      new CatalogIndex(),
      new Date('2026-12-01T00:00:00Z'),
    ).of({ entity });

  it('changes when a detector declares a new version, so that every entity is scored again', () => {
    expect(fingerprintWith('1')).not.toBe(fingerprintWith('2'));
    expect(fingerprintWith('2')).toBe(fingerprintWith('2'));
  });

  it('does not depend on the order in which modules registered their detectors', () => {
    const other = { ...detector('3'), id: 'pii-register' };
    const fingerprint = (detectors: ReturnType<typeof detector>[]) =>
      new InputFingerprints(
        new ReadinessEngine(buildReadinessModel(), detectors),
        new CatalogIndex(),
        new Date('2026-12-01T00:00:00Z'),
      ).of({ entity });
    expect(fingerprint([detector('1'), other])).toBe(
      fingerprint([other, detector('1')]),
    );
  });

  it('stays as it was for detectors that declare none', () => {
    expect(fingerprintWith()).toBe(
      new InputFingerprints(
        engine,
        new CatalogIndex(),
        new Date('2026-12-01T00:00:00Z'),
      ).of({ entity }),
    );
  });
});
