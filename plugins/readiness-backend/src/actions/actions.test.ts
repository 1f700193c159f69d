import { Knex } from 'knex';
import request from 'supertest';
import {
  alice,
  base,
  bob,
  carol,
  ci,
  dave,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { statementsOf } from '../__testUtils__/statements';

jest.setTimeout(90_000);

const databases = createTestDatabases();

/*
 * The actions through the actions registry's own HTTP endpoints, as the MCP
 * backend calls them, on the real plugin with a policy like the demo's:
 * alice owns team-a's entities (cart), bob owns team-b's, carol administers.
 * packages/backend tests them again through the MCP endpoint.
 */

const actions = `${base}/.backstage/actions/v1/actions`;
const invoke = (name: string) => `${actions}/readiness:${name}/invoke`;

describe.each(databases.eachSupportedId())('readiness actions on %s', id => {
  let knex: Knex;
  let api: ReturnType<typeof request>;
  let audit: Awaited<ReturnType<typeof startBackend>>['audit'];

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ api, audit } = await startBackend({ knex }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  it('lists the actions with their schemas and attributes', async () => {
    const res = await api.get(actions).set('Authorization', bob).expect(200);
    const byName = new Map<string, any>(
      res.body.actions.map((a: any) => [a.name, a]),
    );
    expect([...byName.keys()].sort()).toEqual([
      'answer-check',
      'assign-role',
      'get-entity-campaigns',
      'get-entity-scorecard',
      'get-rollup',
      'list-campaigns',
      'list-failing-checks',
    ]);
    expect(byName.get('get-entity-scorecard').attributes).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
    });
    expect(byName.get('answer-check').attributes).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
    });
    expect(byName.get('answer-check').schema.input.required).toEqual(
      expect.arrayContaining(['entityRef', 'checkId', 'status', 'version']),
    );
  });

  it('returns the scorecard the REST API returns', async () => {
    const rest = await api
      .get(`${base}/entities/component/default/cart`)
      .set('Authorization', bob)
      .expect(200);
    const res = await api
      .post(invoke('get-entity-scorecard'))
      .set('Authorization', bob)
      .send({ entityRef: 'cart' })
      .expect(200);
    const { output } = res.body;
    expect(output).toMatchObject({
      entityRef: 'component:default/cart',
      score: rest.body.scorecard.score,
      level: rest.body.scorecard.level,
      stale: false,
    });
    expect(output.checks).toHaveLength(rest.body.scorecard.checks.length);
    expect(output.roles.find((r: any) => r.roleId === 'dba')).toMatchObject({
      holders: ['user:default/alice'],
      version: 0,
    });
  });

  it('lists the failing checks of an entity and of a team, with guidance', async () => {
    const entity = await api
      .post(invoke('list-failing-checks'))
      .set('Authorization', bob)
      .send({ entityRef: 'component:default/cart' })
      .expect(200);
    const [cart] = entity.body.output.entities;
    const failingIds = cart.failing.map((f: any) => f.checkId);
    // Met by annotation, so not failing.
    expect(failingIds).not.toContain('monitoring.metrics');
    expect(failingIds).toContain('recoverability.restore-test');
    const restore = entity.body.output.checks.find(
      (c: any) => c.checkId === 'recoverability.restore-test',
    );
    expect(restore.guidance.length).toBeGreaterThan(20);
    expect(restore.failingEntities).toBe(1);

    let team!: request.Response;
    const statements = await statementsOf(knex, async () => {
      team = await api
        .post(invoke('list-failing-checks'))
        .set('Authorization', bob)
        .send({ team: 'team-a' })
        .expect(200);
    });
    // The team's statuses are read with its page, not one entity at a time.
    expect(
      statements.filter(s_ =>
        /from [`"]readiness_scorecards[`"].* where .*[`"]entity_ref[`"] = /s.test(
          s_.sql,
        ),
      ),
    ).toEqual([]);
    // team-a owns the shop System and its two components.
    expect(team.body.output.entitiesTotal).toBe(3);
    expect(
      team.body.output.entities.map((e: any) => e.entityRef).sort(),
    ).toEqual([
      'component:default/cart',
      'component:default/checkout',
      'system:default/shop',
    ]);
    expect(
      team.body.output.checks.find(
        (c: any) => c.checkId === 'recoverability.restore-test',
      ).failingEntities,
    ).toBeGreaterThanOrEqual(2);

    const both = await api
      .post(invoke('list-failing-checks'))
      .set('Authorization', bob)
      .send({ team: 'team-a', entityRef: 'cart' })
      .expect(400);
    expect(both.body.error.message).toMatch(/either entityRef or team/);
  });

  it('lists the campaigns and what an entity still needs, as the REST API says', async () => {
    const withCampaign = await startBackend({
      knex: await databases.init(id),
      config: {
        readiness: {
          campaigns: [
            {
              id: 'restore-tests',
              title: 'Restore tests everywhere',
              filter: { kinds: ['component'] },
              target: { checks: ['recoverability.restore-test'] },
              startDate: '2026-01-01',
              deadline: '2099-12-31',
            },
          ],
        },
      },
    });
    const campaignApi = withCampaign.api;
    await campaignApi
      .post(`${base}/compute`)
      .set('Authorization', carol)
      .expect(202);
    // Progress comes with the full run.
    let rest: any;
    for (let i = 0; i < 100; i++) {
      rest = await campaignApi
        .get(`${base}/campaigns`)
        .set('Authorization', bob)
        .expect(200);
      if (rest.body.items[0]?.progress.total > 0) break;
      await new Promise(r => setTimeout(r, 100));
    }
    const listed = await campaignApi
      .post(invoke('list-campaigns'))
      .set('Authorization', bob)
      .send({ open: true })
      .expect(200);
    expect(listed.body.output.campaigns).toEqual([
      {
        id: 'restore-tests',
        title: 'Restore tests everywhere',
        target: { checks: ['recoverability.restore-test'] },
        deadline: '2099-12-31',
        total: rest.body.items[0].progress.total,
        done: rest.body.items[0].progress.done,
        overdue: 0,
      },
    ]);
    expect(listed.body.output.campaigns[0].total).toBeGreaterThan(0);

    const needs = await campaignApi
      .post(invoke('get-entity-campaigns'))
      .set('Authorization', bob)
      .send({ entityRef: 'cart' })
      .expect(200);
    const [campaign] = needs.body.output.campaigns;
    expect(campaign).toMatchObject({
      id: 'restore-tests',
      status: 'not-done',
    });
    expect(campaign.stillNeeds).toEqual([
      expect.objectContaining({
        checkId: 'recoverability.restore-test',
        title: 'Restore from backup tested',
      }),
    ]);
    expect(campaign.stillNeeds[0].guidance.length).toBeGreaterThan(20);
  });

  it("returns a team's rollup and refuses a component's", async () => {
    const res = await api
      .post(invoke('get-rollup'))
      .set('Authorization', bob)
      .send({ ref: 'team-a' })
      .expect(200);
    expect(res.body.output.rollup).toMatchObject({
      ref: 'group:default/team-a',
      kind: 'group',
      entities: 3,
    });
    expect(res.body.output.entities).toHaveLength(3);
    // Paged as the REST route pages, lowest scores first.
    const pages = [];
    for (const offset of [0, 1, 2, 3]) {
      const page = await api
        .post(invoke('get-rollup'))
        .set('Authorization', bob)
        .send({ ref: 'team-a', limit: 1, offset })
        .expect(200);
      expect(page.body.output.entitiesTotal).toBe(3);
      pages.push(...page.body.output.entities);
    }
    expect(pages).toEqual(res.body.output.entities);
    const eng = await api
      .post(invoke('get-rollup'))
      .set('Authorization', bob)
      .send({ ref: 'group:default/eng' })
      .expect(200);
    expect(eng.body.output.children.map((c: any) => c.ref)).toEqual(
      expect.arrayContaining(['group:default/team-a', 'group:default/team-b']),
    );
    // Bounded like the entities: the lowest-scoring children, and how many.
    const children = eng.body.output.children;
    expect(eng.body.output.childrenTotal).toBe(children.length);
    const lowest = await api
      .post(invoke('get-rollup'))
      .set('Authorization', bob)
      .send({ ref: 'group:default/eng', limit: 1 })
      .expect(200);
    expect(lowest.body.output.children).toEqual([
      [...children].sort(
        (a: any, b: any) => (a.score ?? Infinity) - (b.score ?? Infinity),
      )[0],
    ]);
    expect(lowest.body.output.childrenTotal).toBe(children.length);
    expect(children.length).toBeGreaterThan(1);
    const component = await api
      .post(invoke('get-rollup'))
      .set('Authorization', bob)
      .send({ ref: 'component:default/cart' })
      .expect(400);
    expect(component.body.error.message).toMatch(/groups, systems and domains/);
  });

  it("lets an owner answer a check and assign a role, audited with the caller's name", async () => {
    const answer = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send({
        entityRef: 'cart',
        checkId: 'scalability.load-test',
        status: 'met',
        evidenceUrl: 'https://k6.example/run/1',
        version: 0,
      })
      .expect(200);
    expect(answer.body.output).toMatchObject({
      checkId: 'scalability.load-test',
      status: 'met',
      version: 1,
    });
    const rest = await api
      .get(`${base}/entities/component/default/cart`)
      .set('Authorization', bob)
      .expect(200);
    expect(
      rest.body.scorecard.checks.find(
        (c: any) => c.checkId === 'scalability.load-test',
      ),
    ).toMatchObject({ status: 'met', source: 'portal' });
    // The outcome names the entity as checked, not as given.
    expect(audit.find(e => e.eventId === 'answer-update')).toMatchObject({
      outcome: 'success',
      meta: {
        entityRef: 'component:default/cart',
        checkId: 'scalability.load-test',
        via: 'action',
        actor: 'user:default/alice',
        status: 'met',
      },
    });

    // A stale version is refused as the REST API refuses it.
    const stale = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send({
        entityRef: 'cart',
        checkId: 'scalability.load-test',
        status: 'not-met',
        version: 0,
      })
      .expect(409);
    expect(stale.body.error.name).toBe('ConflictError');

    const role = await api
      .post(invoke('assign-role'))
      .set('Authorization', alice)
      .send({
        entityRef: 'cart',
        roleId: 'problem-manager',
        holders: ['alice', 'group:default/team-a'],
        version: 0,
      })
      .expect(200);
    expect(role.body.output).toMatchObject({
      roleId: 'problem-manager',
      holders: ['user:default/alice', 'group:default/team-a'],
      version: 1,
    });
  });

  it("refuses a non-owner's write, a service's write and bad input, as the REST API does", async () => {
    const body = {
      entityRef: 'component:default/cart',
      checkId: 'scalability.load-test',
      status: 'met',
      version: 0,
    };
    const refused = await api
      .post(invoke('answer-check'))
      .set('Authorization', bob)
      .send(body)
      .expect(403);
    expect(refused.body.error.message).toMatch(
      /not allowed to readiness.answer.update on component:default\/cart/,
    );
    expect(
      audit.find(e => e.eventId === 'answer-update' && e.outcome),
    ).toMatchObject({ outcome: 'failure', meta: { via: 'action' } });
    await api
      .post(invoke('assign-role'))
      .set('Authorization', bob)
      .send({ entityRef: 'cart', roleId: 'dba', holders: ['bob'], version: 0 })
      .expect(403);
    await api
      .post(invoke('answer-check'))
      .set('Authorization', ci)
      .send(body)
      .expect(403);

    // The REST API's own validation, after authorisation, names the field.
    const bad = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send({ ...body, evidenceUrl: 'ftp://example.com/x' })
      .expect(400);
    expect(bad.body.error.message).toMatch(
      /evidenceUrl: must be an http or https URL/,
    );
    const unknownCheck = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send({ ...body, checkId: 'no.such-check' })
      .expect(404);
    expect(unknownCheck.body.error.message).toMatch(/no.such-check/);
  });

  it('checks the ref only once the caller may write: a 403 before a bad ref’s 400', async () => {
    const badRef = {
      entityRef: 'component:default/',
      checkId: 'scalability.load-test',
      status: 'met',
      version: 0,
    };
    // A service may not write, and dave may not answer on any entity.
    for (const caller of [ci, dave]) {
      const refused = await api
        .post(invoke('answer-check'))
        .set('Authorization', caller)
        .send(badRef)
        .expect(403);
      expect(refused.body.error.name).toBe('NotAllowedError');
    }
    await api
      .post(invoke('assign-role'))
      .set('Authorization', dave)
      .send({ entityRef: '::', roleId: 'dba', holders: ['bob'], version: 0 })
      .expect(403);

    // Alice may write to her team's entities: the bad ref is hers to mend.
    const bad = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send(badRef)
      .expect(400);
    expect(bad.body.error.message).toMatch(
      /entityRef: .* is not an entity ref/,
    );
    expect(
      audit.filter(e => e.eventId === 'answer-update' && e.outcome),
    ).toEqual([
      expect.objectContaining({ outcome: 'failure' }),
      expect.objectContaining({ outcome: 'failure' }),
      expect.objectContaining({
        outcome: 'failure',
        meta: expect.objectContaining({ entityRef: 'component:default/' }),
      }),
    ]);

    // The values too: the registry checks only their JSON types first.
    const badValues = { ...badRef, entityRef: 'cart', status: 'bogus' };
    await api
      .post(invoke('answer-check'))
      .set('Authorization', dave)
      .send({ ...badValues, version: -1 })
      .expect(403);
    const badStatus = await api
      .post(invoke('answer-check'))
      .set('Authorization', alice)
      .send(badValues)
      .expect(400);
    expect(badStatus.body.error.message).toMatch(/status/);
    const badLimit = await api
      .post(invoke('get-rollup'))
      .set('Authorization', alice)
      .send({ ref: 'team-a', limit: 1000 })
      .expect(400);
    expect(badLimit.body.error.message).toMatch(/limit/);
    // Hidden from a caller who may not read, whatever the input.
    await api
      .post(invoke('get-rollup'))
      .set('Authorization', dave)
      .send({ ref: 'team-a', limit: 1000 })
      .expect(404);
  });
});
