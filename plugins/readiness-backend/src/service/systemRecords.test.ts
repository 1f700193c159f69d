import { smallOrg } from '../__testUtils__/entities';
import { catalogHiding, catalogWith } from '../__testUtils__/hidingCatalog';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/*
 * Cart (team-a's) is part of the System shop, whose answers and roles it
 * inherits. A caller who may read cart but not shop sees what cart's score
 * is made of, but not shop's own records: evidence, notes, who answered or
 * assigned.
 */

const SHOP = 'system:default/shop';
const shop = `${base}/entities/system/default/shop`;
const EVIDENCE = 'https://audit.example/shop-trail';
const NOTE = 'One audit trail for the whole shop';

/**
 * A backend where `user` may not read shop (or, `failing`, where asking
 * whether they may fails); shop has a portal answer and a role.
 */
async function withHiddenSystem(user: string, failing = false) {
  const entities = smallOrg();
  const asUser = (options: any) =>
    options?.credentials?.principal?.userEntityRef === user;
  const backend = await startBackend({
    entities,
    catalog: failing
      ? catalogWith(entities, inner => ({
          getEntitiesByRefs: async (req: any, options: any) => {
            if (asUser(options) && req.entityRefs.includes(SHOP)) {
              throw new Error('catalog timed out');
            }
            return inner.getEntitiesByRefs(req, options);
          },
        }))
      : catalogHiding(entities, SHOP, user),
    catalogRead: who => (who === user ? 'conditional' : 'allow'),
  });
  const { api } = backend;
  await api
    .put(`${shop}/answers/monitoring.audit-trail`)
    .set('Authorization', carol)
    .send({ status: 'met', evidenceUrl: EVIDENCE, note: NOTE, version: 0 })
    .expect(200);
  await api
    .put(`${shop}/answers/security.access-review`)
    .set('Authorization', carol)
    .send({ status: 'met', version: 0 })
    .expect(200);
  await api
    .put(`${shop}/roles/problem-manager`)
    .set('Authorization', carol)
    .send({ holders: ['user:default/alice'], version: 0 })
    .expect(200);
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  const etag = entities.find(e => e.metadata.name === 'cart')!.metadata.etag!;
  return { ...backend, etag };
}

const inherited = (scorecard: any) => ({
  check: scorecard.checks.find(
    (c: any) => c.checkId === 'monitoring.audit-trail',
  ),
  role: scorecard.roles.find((r: any) => r.roleId === 'problem-manager'),
});

describe("a System's records, for callers who may not read the System", () => {
  it("keeps the part's statuses and holders and leaves the System's records out", async () => {
    const { api, etag } = await withHiddenSystem('user:default/bob');
    const { body: seen } = await api
      .get(cart)
      .set('Authorization', alice)
      .expect(200);
    const forAlice = inherited(seen.scorecard);
    expect(forAlice.check).toMatchObject({
      source: 'inherited',
      inheritedFrom: 'system:default/shop',
      status: 'met',
      answer: { evidenceUrl: EVIDENCE, note: NOTE },
    });
    expect(forAlice.role).toMatchObject({
      source: 'inherited',
      holders: ['user:default/alice'],
      assignment: { assignedBy: 'user:default/carol' },
    });

    // The first read builds the detail, the second serves the kept one.
    for (const read of [1, 2]) {
      const res = await api.get(cart).set('Authorization', bob).expect(200);
      expect(res.text).not.toContain(EVIDENCE);
      expect(res.text).not.toContain(NOTE);
      const forBob = inherited(res.body.scorecard);
      expect({ read, ...forBob.check }).toEqual({
        read,
        ...forAlice.check,
        answer: undefined,
      });
      expect(forBob.role).not.toHaveProperty('assignment');
      // Nor when the System answered: an answer's expiry tells.
      const review = (scorecard: any) =>
        scorecard.checks.find(
          (c: any) => c.checkId === 'security.access-review',
        );
      expect(review(seen.scorecard)).toMatchObject({
        source: 'inherited',
        status: 'met',
        expiresAt: expect.any(String),
      });
      expect(review(res.body.scorecard)).toMatchObject({
        source: 'inherited',
        status: 'met',
      });
      expect(review(res.body.scorecard)).not.toHaveProperty('expiresAt');
      expect(forBob.role.holders).toEqual(['user:default/alice']);
      expect(res.body.scorecard.score).toBe(seen.scorecard.score);
    }
    const withEtag = await api
      .get(`${cart}?etag=${encodeURIComponent(etag)}`)
      .set('Authorization', bob)
      .expect(200);
    expect(withEtag.text).not.toContain(EVIDENCE);

    // Alice still sees them after bob's reads kept the detail.
    const again = await api.get(cart).set('Authorization', alice).expect(200);
    expect(inherited(again.body.scorecard).check.answer.evidenceUrl).toBe(
      EVIDENCE,
    );
  });

  it("answers an owner's writes without the System's records they may not read", async () => {
    const { api } = await withHiddenSystem('user:default/alice');
    const inFuture = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
    const writes = [
      api
        .put(`${cart}/answers/scalability.load-test`)
        .send({ status: 'met', version: 0 }),
      api.put(`${cart}/roles/dba`).send({ holders: ['alice'], version: 0 }),
      api.put(`${cart}/cost`).send({
        currency: 'EUR',
        date: '2026-11-01',
        tiers: [{ users: 0, monthlyCost: 450 }],
        version: 0,
      }),
      api.post(`${cart}/exemptions`).send({
        checkId: 'recoverability.restore-test',
        reasonCode: 'planned-remediation',
        reasonText: 'Restore drill booked',
        endsOn: inFuture.toISOString().slice(0, 10),
      }),
    ];
    for (const write of writes) {
      const res = await write.set('Authorization', alice);
      expect(res.status).toBeLessThan(300);
      expect(res.text).not.toContain(EVIDENCE);
      const { check, role } = inherited(res.body.scorecard);
      expect(check).toMatchObject({ source: 'inherited', status: 'met' });
      expect(role).not.toHaveProperty('assignment');
    }
  });

  it('leaves the records out when it cannot ask whether the caller may read the System', async () => {
    const { api } = await withHiddenSystem('user:default/bob', true);
    const res = await api.get(cart).set('Authorization', bob).expect(200);
    expect(res.text).not.toContain(EVIDENCE);
    expect(inherited(res.body.scorecard).check).toMatchObject({
      source: 'inherited',
      status: 'met',
    });
  });
});

describe('a write to a part of a System', () => {
  // Each write to a part read its System whole, with a relation naming
  // every other part of it.
  it('reads the System it inherits from without its relations, and scores the part as the full run does', async () => {
    const entities = smallOrg();
    const requests: { entityRefs: string[]; fields?: string[] }[] = [];
    const { api } = await startBackend({
      entities,
      catalog: catalogWith(entities, inner => ({
        getEntitiesByRefs: async (req: any, options: any) => {
          requests.push(req);
          return inner.getEntitiesByRefs(req, options);
        },
      })),
    });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    requests.length = 0;
    const written = await api
      .put(`${cart}/answers/monitoring.alerting`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    const systemReads = requests.filter(r => r.entityRefs.includes(SHOP));
    expect(systemReads.length).toBeGreaterThan(0);
    for (const read of systemReads) {
      expect(read.fields).toContain('metadata.annotations');
      expect(read.fields).not.toContain('relations');
    }
    // The inherited answer counts, and the full run finds nothing to change.
    const auditTrail = written.body.scorecard.checks.find(
      (c: any) => c.checkId === 'monitoring.audit-trail',
    );
    expect(auditTrail.status).toBe('met');
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const read = await api.get(cart).set('Authorization', alice).expect(200);
    expect(read.body.scorecard.checks).toEqual(written.body.scorecard.checks);
  });
});
