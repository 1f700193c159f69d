import { mockCredentials } from '@backstage/backend-test-utils';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  ci,
  recordingAuditor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(30_000);

describe('readiness router', () => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let audit: ReturnType<typeof recordingAuditor>['events'];

  beforeEach(async () => {
    ({ api, audit } = await startBackend());
    // The scheduled computation, run now (the mock scheduler runs it inline).
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  it('audits every write with its outcome', async () => {
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', bob)
      .send({ status: 'not-met', version: 1 })
      .expect(403);
    expect(audit.filter(e => e.eventId === 'answer-update')).toEqual([
      {
        eventId: 'answer-update',
        meta: {
          entityRef: 'component:default/cart',
          checkId: 'scalability.sizing',
          status: 'met',
        },
        outcome: 'success',
        severityLevel: 'medium',
      },
      {
        eventId: 'answer-update',
        // Refused before the body was read: the event cannot say what was sent.
        meta: {
          entityRef: 'component:default/cart',
          checkId: 'scalability.sizing',
        },
        outcome: 'failure',
        severityLevel: 'medium',
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      },
    ]);
  });

  it('GET /health needs no credentials', async () => {
    await api
      .get(`${base}/health`)
      .set('Authorization', mockCredentials.none.header())
      .expect(200, { status: 'ok' });
  });

  it('GET /model returns the effective checklist', async () => {
    const res = await api
      .get(`${base}/model`)
      .set('Authorization', alice)
      .expect(200);
    expect(res.body.checks.length).toBeGreaterThanOrEqual(28);
    expect(res.body.roles.map((r: any) => r.id)).toContain('data-controller');
    expect(
      res.body.checks.find((c: any) => c.id === 'organisation.ownership')
        .detectors,
    ).toEqual(['catalog-ownership']);
  });

  it('rejects unauthenticated reads', async () => {
    await api
      .get(`${base}/model`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });

  describe('GET /entities/:kind/:namespace/:name', () => {
    it('returns the scorecard computed from annotations and detectors', async () => {
      const res = await api.get(cart).set('Authorization', bob).expect(200);
      expect(res.body.stale).toBe(false);
      const { scorecard } = res.body;
      expect(scorecard.entityRef).toBe('component:default/cart');
      expect(
        scorecard.checks.find((c: any) => c.checkId === 'monitoring.metrics'),
      ).toMatchObject({
        status: 'met',
        source: 'annotation',
        answer: { evidenceUrl: 'https://grafana.example/d/cart' },
      });
      expect(
        scorecard.checks.find(
          (c: any) => c.checkId === 'monitoring.audit-trail',
        ),
      ).toMatchObject({
        status: 'met',
        source: 'inherited',
        inheritedFrom: 'system:default/shop',
      });
      expect(scorecard.domain).toBe('domain:default/commerce');
    });

    it('lists malformed annotations as problems', async () => {
      const res = await api
        .get(`${base}/entities/component/default/checkout`)
        .set('Authorization', bob)
        .expect(200);
      expect(res.body.scorecard.problems).toEqual([
        expect.objectContaining({
          key: 'prodready.dev/check.recoverability.backups',
        }),
      ]);
    });

    it('is 404 for an entity not in the catalog and for kinds without checks', async () => {
      const missing = await api
        .get(`${base}/entities/component/default/nope`)
        .set('Authorization', bob)
        .expect(404);
      expect(missing.body.error.message).toMatch(/not in the catalog/);
      await api
        .get(`${base}/entities/user/default/alice`)
        .set('Authorization', bob)
        .expect(404);
    });

    it('is 400 for a malformed ref, naming the field', async () => {
      const res = await api
        .get(`${base}/entities/component/default/bad%20name`)
        .set('Authorization', bob)
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(
        /name: is not a valid entity name/,
      );
    });
  });

  describe('PUT /entities/.../answers/:checkId', () => {
    const url = `${cart}/answers/scalability.load-test`;

    it('lets an owner answer, recomputes the scorecard and the team rollup at once', async () => {
      const before = await api
        .get(`${base}/rollups/group/default/team-a`)
        .set('Authorization', alice)
        .expect(200);
      const res = await api
        .put(url)
        .set('Authorization', alice)
        .send({
          status: 'met',
          evidenceUrl: 'https://k6.example/run/1',
          version: 0,
        })
        .expect(200);
      expect(res.body.answer).toMatchObject({
        status: 'met',
        version: 1,
        answeredBy: 'user:default/alice',
      });
      expect(
        res.body.scorecard.checks.find(
          (c: any) => c.checkId === 'scalability.load-test',
        ),
      ).toMatchObject({
        status: 'met',
        source: 'portal',
      });
      const after = await api
        .get(`${base}/rollups/group/default/team-a`)
        .set('Authorization', alice)
        .expect(200);
      expect(after.body.rollup.score).toBeGreaterThan(before.body.rollup.score);
      const root = await api
        .get(`${base}/rollups/group/default/acme`)
        .set('Authorization', alice)
        .expect(200);
      const cartRow = after.body.entities.find(
        (e: any) => e.entityRef === 'component:default/cart',
      );
      expect(cartRow.score).toBe(res.body.scorecard.score);
      expect(root.body.rollup.aggregate.entities).toBe(4);
    });

    it('accepts the version in If-Match', async () => {
      await api
        .put(url)
        .set('Authorization', alice)
        .set('If-Match', '"0"')
        .send({ status: 'not-met' })
        .expect(200);
    });

    it('returns 409 with the current answer for a stale version and keeps the newer answer', async () => {
      await api
        .put(url)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      await api
        .put(url)
        .set('Authorization', alice)
        .send({ status: 'partially-met', version: 1 })
        .expect(200);
      const stale = await api
        .put(url)
        .set('Authorization', alice)
        .send({ status: 'not-met', version: 1 })
        .expect(409);
      expect(stale.body.error.name).toBe('ConflictError');
      expect(stale.body.error.current).toMatchObject({
        status: 'partially-met',
        version: 2,
      });
      const res = await api.get(cart).set('Authorization', alice).expect(200);
      expect(
        res.body.scorecard.checks.find(
          (c: any) => c.checkId === 'scalability.load-test',
        ).status,
      ).toBe('partially-met');
    });

    it('flags a conflict when the portal and the annotation disagree', async () => {
      const res = await api
        .put(`${cart}/answers/monitoring.metrics`)
        .set('Authorization', alice)
        .send({ status: 'not-met', version: 0 })
        .expect(200);
      const check = res.body.scorecard.checks.find(
        (c: any) => c.checkId === 'monitoring.metrics',
      );
      expect(check.source).toBe('portal');
      expect(check.conflict).toMatchObject({
        annotation: { status: 'met' },
        portal: { status: 'not-met' },
      });
    });

    it('is 403 for a non-owner and stores nothing', async () => {
      await api
        .put(url)
        .set('Authorization', bob)
        .send({ status: 'met', version: 0 })
        .expect(403);
      const history = await api
        .get(`${cart}/history`)
        .set('Authorization', bob)
        .expect(200);
      expect(history.body.changes).toEqual([]);
    });

    it.each([
      [{ status: 'done', version: 0 }, /status: must be one of/],
      [
        { status: 'not-applicable', version: 0 },
        /notApplicableReason: is required.*notApplicableText: is required/,
      ],
      [
        {
          status: 'not-applicable',
          notApplicableReason: 'whim',
          notApplicableText: 'x',
          version: 0,
        },
        /notApplicableReason: must be one of/,
      ],
      [
        { status: 'met', evidenceUrl: 'ftp://files.example/x', version: 0 },
        /evidenceUrl: must be an http or https URL/,
      ],
      [
        { status: 'met', note: 'x'.repeat(2001), version: 0 },
        /note: must be at most 2000 characters/,
      ],
      [{ status: 'met' }, /version is required/],
      [{ status: 'met', version: 0, extra: 1 }, /Unrecognized key/],
    ])('is 400 for %j', async (body, message) => {
      const res = await api
        .put(url)
        .set('Authorization', alice)
        .send(body)
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    });

    it('is 400 when If-Match and the body disagree or If-Match is not a version', async () => {
      await api
        .put(url)
        .set('Authorization', alice)
        .set('If-Match', '"3"')
        .send({ status: 'met', version: 0 })
        .expect(400);
      await api
        .put(url)
        .set('Authorization', alice)
        .set('If-Match', 'abc')
        .send({ status: 'met' })
        .expect(400);
    });

    it('is 404 for an unknown check and 400 for a check scored from role health', async () => {
      const unknown = await api
        .put(`${cart}/answers/nope.nothing`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(404);
      expect(unknown.body.error.message).toMatch(/nope\.nothing/);
      await api
        .put(`${cart}/answers/organisation.roles-assigned`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(400);
    });

    it('is 413 for an oversized body', async () => {
      await api
        .put(url)
        .set('Authorization', alice)
        .send({ status: 'met', note: 'x'.repeat(70_000), version: 0 })
        .expect(413);
    });

    it('DELETE reverts to the annotation and needs the current version', async () => {
      await api
        .put(`${cart}/answers/monitoring.metrics`)
        .set('Authorization', alice)
        .send({ status: 'not-met', version: 0 })
        .expect(200);
      await api
        .delete(`${cart}/answers/monitoring.metrics`)
        .set('Authorization', alice)
        .send({ version: 5 })
        .expect(409);
      const res = await api
        .delete(`${cart}/answers/monitoring.metrics`)
        .set('Authorization', alice)
        .send({ version: 1 })
        .expect(200);
      expect(
        res.body.scorecard.checks.find(
          (c: any) => c.checkId === 'monitoring.metrics',
        ),
      ).toMatchObject({
        status: 'met',
        source: 'annotation',
      });
      await api
        .delete(`${cart}/answers/monitoring.metrics`)
        .set('Authorization', alice)
        .send({ version: 0 })
        .expect(404);
    });
  });

  describe('POST .../review', () => {
    it('lets a reviewer sign off, not the owner', async () => {
      await api
        .put(`${cart}/answers/security.pen-test`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      await api
        .post(`${cart}/answers/security.pen-test/review`)
        .set('Authorization', alice)
        .send({ version: 1 })
        .expect(403);
      const res = await api
        .post(`${cart}/answers/security.pen-test/review`)
        .set('Authorization', carol)
        .send({ version: 1 })
        .expect(200);
      expect(res.body.answer.review.reviewedBy).toBe('user:default/carol');
      await api
        .post(`${cart}/answers/monitoring.alerting/review`)
        .set('Authorization', carol)
        .send({ version: 0 })
        .expect(404);
    });
  });

  describe('PUT /entities/.../roles/:roleId', () => {
    it('assigns existing users and groups and clears the unassigned problem', async () => {
      const res = await api
        .put(`${cart}/roles/devops-lead`)
        .set('Authorization', alice)
        .send({
          holders: ['alice', 'group:default/team-a', 'user:default/alice'],
          version: 0,
        })
        .expect(200);
      expect(res.body.role.holders).toEqual([
        'user:default/alice',
        'group:default/team-a',
      ]);
      const role = res.body.scorecard.roles.find(
        (r: any) => r.roleId === 'devops-lead',
      );
      expect(role).toMatchObject({ source: 'portal', problems: [] });
    });

    it('reports an empty group holder', async () => {
      const res = await api
        .put(`${cart}/roles/sysadmin`)
        .set('Authorization', alice)
        .send({ holders: ['group:default/empty-team'], version: 0 })
        .expect(200);
      expect(
        res.body.scorecard.roles.find((r: any) => r.roleId === 'sysadmin')
          .problems,
      ).toEqual([
        expect.objectContaining({
          type: 'empty-group',
          holder: 'group:default/empty-team',
        }),
      ]);
    });

    it('is 400 naming holders not in the catalog, 404 for an unknown role, 400 for a component holder', async () => {
      const res = await api
        .put(`${cart}/roles/dba`)
        .set('Authorization', alice)
        .send({
          holders: ['user:default/ghost', 'user:default/alice'],
          version: 0,
        })
        .expect(400);
      expect(res.body.error.message).toMatch(
        /holders: user:default\/ghost is not in the catalog/,
      );
      await api
        .put(`${cart}/roles/astronaut`)
        .set('Authorization', alice)
        .send({ holders: [], version: 0 })
        .expect(404);
      await api
        .put(`${cart}/roles/dba`)
        .set('Authorization', alice)
        .send({ holders: ['component:default/cart'], version: 0 })
        .expect(400);
    });

    it('is 403 for a non-owner and 409 for a stale version', async () => {
      await api
        .put(`${cart}/roles/dba`)
        .set('Authorization', bob)
        .send({ holders: ['user:default/bob'], version: 0 })
        .expect(403);
      await api
        .put(`${cart}/roles/dba`)
        .set('Authorization', alice)
        .send({ holders: ['user:default/alice'], version: 0 })
        .expect(200);
      const res = await api
        .put(`${cart}/roles/dba`)
        .set('Authorization', alice)
        .send({ holders: ['user:default/bob'], version: 0 })
        .expect(409);
      expect(res.body.error.current.holders).toEqual(['user:default/alice']);
      await api
        .delete(`${cart}/roles/dba`)
        .set('Authorization', alice)
        .send({ version: 1 })
        .expect(200);
    });
  });

  it('GET .../history lists answer and role changes and score snapshots', async () => {
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    await api
      .put(`${cart}/roles/cto`)
      .set('Authorization', alice)
      .send({ holders: ['user:default/alice'], version: 0 })
      .expect(200);
    const res = await api
      .get(`${cart}/history`)
      .set('Authorization', bob)
      .expect(200);
    expect(
      res.body.changes.map((c: any) => [c.subject, c.subjectId, c.actor]),
    ).toEqual([
      ['role', 'cto', 'user:default/alice'],
      ['answer', 'scalability.sizing', 'user:default/alice'],
    ]);
    expect(res.body.snapshots).toHaveLength(1);
    await api
      .get(`${cart}/history?limit=0`)
      .set('Authorization', bob)
      .expect(400);
  });

  describe('rollups and listings', () => {
    it('GET /rollups lists groups with their parents and children', async () => {
      const res = await api
        .get(`${base}/rollups?by=group&sort=title`)
        .set('Authorization', bob)
        .expect(200);
      const byRef = Object.fromEntries(
        res.body.items.map((r: any) => [r.ref, r]),
      );
      expect(byRef['group:default/eng'].children).toEqual(
        expect.arrayContaining([
          'group:default/team-a',
          'group:default/team-b',
        ]),
      );
      expect(byRef['group:default/acme'].aggregate.entities).toBe(4);
      expect(byRef['group:default/team-b'].aggregate.entities).toBe(1);
      const roots = await api
        .get(`${base}/rollups?by=group&parent=none`)
        .set('Authorization', bob)
        .expect(200);
      expect(roots.body.items.map((r: any) => r.ref)).toEqual([
        'group:default/acme',
      ]);
      const systems = await api
        .get(`${base}/rollups?by=system`)
        .set('Authorization', bob)
        .expect(200);
      expect(systems.body.items[0]).toMatchObject({
        ref: 'system:default/shop',
        parent: 'domain:default/commerce',
      });
      const domains = await api
        .get(`${base}/rollups?by=domain`)
        .set('Authorization', bob)
        .expect(200);
      expect(domains.body.items[0].aggregate.entities).toBe(4);
    });

    it('GET /rollups/:ref answers from snapshots with asOf', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const res = await api
        .get(`${base}/rollups/group/default/team-a?asOf=${today}`)
        .set('Authorization', bob)
        .expect(200);
      expect(res.body.asOf).toBe(today);
      expect(res.body.entities.map((e: any) => e.entityRef).sort()).toEqual([
        'component:default/cart',
        'component:default/checkout',
        'system:default/shop',
      ]);
      await api
        .get(`${base}/rollups/group/default/team-a?asOf=2001-01-01`)
        .set('Authorization', bob)
        .expect(404);
      await api
        .get(`${base}/rollups/group/default/team-a?asOf=2026-13-40`)
        .set('Authorization', bob)
        .expect(400);
      await api
        .get(`${base}/rollups/component/default/cart`)
        .set('Authorization', bob)
        .expect(400);
    });

    it.each([
      ['by=team', /by:/],
      ['limit=100000', /limit:/],
      ['sort=owner', /sort:/],
      ['unknown=1', /Unrecognized key/],
      ['parent=not%20a%20ref%20!!', /parent: 'not a ref !!' is neither/],
    ])('GET /rollups?%s is 400', async (query, message) => {
      const res = await api
        .get(`${base}/rollups?${query}`)
        .set('Authorization', bob)
        .expect(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('GET /rollups?parent= takes a group by its name, as the full ref, in any case', async () => {
      const children = async (parent: string) =>
        (
          await api
            .get(`${base}/rollups?parent=${encodeURIComponent(parent)}`)
            .set('Authorization', bob)
            .expect(200)
        ).body.items.map((r: any) => r.ref);
      const full = await children('group:default/eng');
      expect(full.length).toBeGreaterThan(0);
      expect(await children('eng')).toEqual(full);
      expect(await children('Group:default/ENG')).toEqual(full);
    });

    it('GET /scorecards?kind= longer than a kind can be is 400', async () => {
      const res = await api
        .get(`${base}/scorecards?kind=${'a'.repeat(64)}`)
        .set('Authorization', bob)
        .expect(400);
      expect(res.body.error.message).toMatch(/kind:/);
    });

    it('GET /scorecards filters, searches and pages', async () => {
      const res = await api
        .get(
          `${base}/scorecards?owner=team-a&kind=Component&sort=title&limit=1`,
        )
        .set('Authorization', bob)
        .expect(200);
      expect(res.body.totalCount).toBe(2);
      expect(res.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/cart',
      ]);
      const search = await api
        .get(`${base}/scorecards?q=chec`)
        .set('Authorization', bob)
        .expect(200);
      expect(search.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/checkout',
      ]);
      await api
        .get(`${base}/scorecards?owner=bad%20ref%20:%20x`)
        .set('Authorization', bob)
        .expect(400);
    });

    it('GET /export.csv has a header and a row per scored entity', async () => {
      const res = await api
        .get(`${base}/export.csv`)
        .set('Authorization', bob)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]).toMatch(
        /^entityRef,kind,title,owner,system,domain,lifecycle,score,level,/,
      );
      expect(lines).toHaveLength(5);
    });
  });

  describe('export and import', () => {
    it('is for admins only, and a restore gives back exactly what was exported', async () => {
      await api
        .put(`${cart}/answers/scalability.sizing`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      await api
        .put(`${cart}/roles/cto`)
        .set('Authorization', alice)
        .send({ holders: ['user:default/alice'], version: 0 })
        .expect(200);
      await api.get(`${base}/export`).set('Authorization', alice).expect(403);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      expect(exported).toMatchObject({
        format: 'readiness-export',
        version: 1,
      });
      const empty = { ...exported, answers: [], roles: [] };
      await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send(empty)
        .expect(200);
      expect(
        (await api.get(`${base}/export`).set('Authorization', carol)).body
          .answers,
      ).toEqual([]);
      await api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send(exported)
        .expect(200);
      const again = (
        await api.get(`${base}/export`).set('Authorization', carol)
      ).body;
      expect({ ...again, exportedAt: undefined }).toEqual({
        ...exported,
        exportedAt: undefined,
      });
    });

    it('rejects unknown checks and bad shapes without touching stored answers', async () => {
      await api
        .put(`${cart}/answers/scalability.sizing`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol)
      ).body;
      const bad = {
        ...exported,
        answers: [{ ...exported.answers[0], checkId: 'nope.x' }],
      };
      const res = await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send(bad)
        .expect(400);
      expect(res.body.error.message).toMatch(/unknown checks nope\.x/);
      await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send({ ...exported, format: 'other' })
        .expect(400);
      await api
        .post(`${base}/import`)
        .set('Authorization', alice)
        .send(exported)
        .expect(403);
      expect(
        (await api.get(`${base}/export`).set('Authorization', carol)).body
          .answers,
      ).toEqual(exported.answers);
    });
  });

  describe('POST /results', () => {
    it('takes automatic results from services', async () => {
      const res = await api
        .post(`${base}/results`)
        .set('Authorization', ci)
        .send({
          results: [
            {
              entityRef: 'component:default/search',
              checkId: 'recoverability.restore-test',
              status: 'met',
              evidenceUrl: 'https://ci.example/job/9',
            },
          ],
        })
        .expect(202);
      expect(res.body).toEqual({ accepted: 1 });
      const card = await api
        .get(`${base}/entities/component/default/search`)
        .set('Authorization', bob)
        .expect(200);
      expect(
        card.body.scorecard.checks.find(
          (c: any) => c.checkId === 'recoverability.restore-test',
        ),
      ).toMatchObject({
        status: 'met',
        source: 'automatic',
      });
    });

    it('refuses users and bad input', async () => {
      await api
        .post(`${base}/results`)
        .set('Authorization', alice)
        .send({
          results: [
            {
              entityRef: 'component:default/search',
              checkId: 'recoverability.restore-test',
              status: 'met',
            },
          ],
        })
        .expect(403);
      const unknown = await api
        .post(`${base}/results`)
        .set('Authorization', ci)
        .send({
          results: [
            {
              entityRef: 'component:default/ghost',
              checkId: 'recoverability.restore-test',
              status: 'met',
            },
          ],
        })
        .expect(400);
      expect(unknown.body.error.message).toMatch(/component:default\/ghost/);
      await api
        .post(`${base}/results`)
        .set('Authorization', ci)
        .send({ results: [] })
        .expect(400);
      await api
        .post(`${base}/results`)
        .set('Authorization', ci)
        .send({
          results: [
            {
              entityRef: 'component:default/search',
              checkId: 'recoverability.restore-test',
              status: 'not-applicable',
            },
          ],
        })
        .expect(400);
    });
  });
});
