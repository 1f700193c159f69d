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
  const answer = (checkId: string): ReadinessAnswer => ({
    checkId,
    status: 'met',
    source: 'portal',
    answeredBy: 'user:default/alice',
    answeredAt: '2026-11-20T00:00:00.000Z',
    version: 1,
  });
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
