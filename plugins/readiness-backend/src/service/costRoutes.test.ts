import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { Entity } from '@backstage/catalog-model';
import { annotated, smallOrg } from '../__testUtils__/entities';
import { catalogWith } from '../__testUtils__/hidingCatalog';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A cost table for the seed's tiers, as an owner would enter it. */
const seedTable = {
  currency: 'EUR',
  date: '2026-11-01',
  assumptions: 'managed PostgreSQL; one on-call engineer from 1,000 users',
  tiers: [
    { users: 1000000, monthlyCost: 380000 },
    { users: 0, monthlyCost: 450 },
    { users: 1, monthlyCost: 455 },
    { users: 10, monthlyCost: 470 },
    { users: 100, monthlyCost: 620 },
    { users: 500, monthlyCost: 1300 },
    { users: 1000, monthlyCost: 2100 },
  ],
};

const statusOf = (scorecard: any, checkId: string) =>
  scorecard.checks.find((c: any) => c.checkId === checkId);

describe.each(databases.eachSupportedId())('cost table routes on %s', id => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let audit: Awaited<ReturnType<typeof startBackend>>['audit'];

  beforeEach(async () => {
    const knex = await databases.init(id);
    ({ api, audit } = await startBackend({ knex }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  it('stores a table, reads it back, and scores the cost checks from it', async () => {
    await api
      .get(`${cart}/cost`)
      .set('Authorization', bob)
      .expect(200, { costTable: null });

    const put = await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    expect(put.body.costTable).toMatchObject({
      entityRef: 'component:default/cart',
      currency: 'EUR',
      updatedBy: 'user:default/alice',
      version: 1,
    });
    // Stored sorted by users.
    expect(put.body.costTable.tiers.map((t: any) => t.users)).toEqual([
      0, 1, 10, 100, 500, 1000, 1000000,
    ]);
    for (const checkId of ['cost.baseline-cost', 'cost.growth-curve']) {
      expect(statusOf(put.body.scorecard, checkId)).toMatchObject({
        status: 'met',
        source: 'automatic',
      });
    }
    expect(put.body.scorecard.costTable.source).toBe('portal');

    const read = await api
      .get(`${cart}/cost`)
      .set('Authorization', bob)
      .expect(200);
    expect(read.body.costTable).toEqual(put.body.costTable);
    // The stored scorecard carries it too.
    const scorecard = await api.get(cart).set('Authorization', bob).expect(200);
    expect(scorecard.body.scorecard.costTable.tiers).toHaveLength(7);

    const history = await api
      .get(`${cart}/history`)
      .set('Authorization', bob)
      .expect(200);
    expect(history.body.changes[0]).toMatchObject({
      subject: 'cost-table',
      subjectId: 'cost',
      action: 'set',
      actor: 'user:default/alice',
    });
  });

  it('explains the tiers a partial table misses', async () => {
    const res = await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({
        ...seedTable,
        tiers: seedTable.tiers.filter(t => t.users < 500),
        version: 0,
      })
      .expect(200);
    const curve = statusOf(res.body.scorecard, 'cost.growth-curve');
    expect(curve.status).toBe('partially-met');
    expect(curve.answer.note).toBe(
      'the cost table has no figure for 500, 1,000, 1,000,000 users',
    );
  });

  it('lets only those who may answer write, and audits both outcomes', async () => {
    await api
      .put(`${cart}/cost`)
      .set('Authorization', bob)
      .send({ ...seedTable, version: 0 })
      .expect(403);
    await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    expect(audit.filter(e => e.eventId === 'cost-table-update')).toEqual([
      {
        eventId: 'cost-table-update',
        meta: { entityRef: 'component:default/cart' },
        outcome: 'failure',
        severityLevel: 'medium',
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      },
      {
        eventId: 'cost-table-update',
        meta: { entityRef: 'component:default/cart', version: 0 },
        outcome: 'success',
        severityLevel: 'medium',
      },
    ]);
    await api
      .get(`${cart}/cost`)
      .set('Authorization', bob)
      .expect(200)
      .then(res => expect(res.body.costTable.version).toBe(1));
  });

  it('answers a bad table with a 400 naming the field', async () => {
    const bad = async (body: object, message: RegExp) => {
      const res = await api
        .put(`${cart}/cost`)
        .set('Authorization', alice)
        .send({ ...seedTable, version: 0, ...body })
        .expect(400);
      expect(res.body.error.message).toMatch(message);
    };
    await bad({ currency: 'euros' }, /^Invalid cost table: currency: /);
    await bad({ date: '2026-13-01' }, /date: must be a real date/);
    await bad(
      { tiers: [{ users: 10, monthlyCost: -5 }] },
      /tiers\.0\.monthlyCost: must not be negative/,
    );
    await bad(
      {
        tiers: Array.from({ length: 21 }, (_, users) => ({
          users,
          monthlyCost: 1,
        })),
      },
      /tiers: must list at most 20/,
    );
    await bad({ version: undefined }, /version is required/);
    await api
      .get(`${cart}/cost`)
      .set('Authorization', bob)
      .expect(200, { costTable: null });
  });

  it('refuses a write based on an old version with a 409 carrying the current table', async () => {
    await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    const stale = await api
      .put(`${cart}/cost`)
      .set('Authorization', carol)
      .send({ ...seedTable, currency: 'USD', version: 0 })
      .expect(409);
    expect(stale.body.error.current).toMatchObject({
      currency: 'EUR',
      version: 1,
    });
    // If-Match works as for answers.
    await api
      .put(`${cart}/cost`)
      .set('Authorization', carol)
      .set('If-Match', '"1"')
      .send({ ...seedTable, currency: 'USD' })
      .expect(200);
    await api
      .delete(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ version: 1 })
      .expect(409);
    const deleted = await api
      .delete(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ version: 2 })
      .expect(200);
    expect(deleted.body.scorecard.costTable).toBeUndefined();
    expect(statusOf(deleted.body.scorecard, 'cost.growth-curve').status).toBe(
      'unknown',
    );
    await api
      .delete(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ version: 0 })
      .expect(404);
  });

  it("reads the listed Systems' parts from the catalog a page at a time, and sums them all", async () => {
    const knex = await databases.init(id);
    const parts: Entity[] = Array.from({ length: 1100 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `part-${i}`,
        namespace: 'default',
        annotations: {
          'prodready.dev/cost': 'currency=EUR; date=2026-11-01; 1000=2',
        },
      },
      spec: { type: 'service', owner: 'team-a', system: 'shop' },
      relations: [{ type: 'partOf', targetRef: 'system:default/shop' }],
    }));
    const entities = [...smallOrg(), ...parts];
    const pages: number[] = [];
    ({ api } = await startBackend({
      knex,
      entities,
      catalog: catalogWith(entities, inner => ({
        streamEntities: async function* streamEntities(...args: any[]) {
          for await (const page of inner.streamEntities(...args)) {
            pages.push(page.length);
            yield page;
          }
        },
      })),
    }));
    const listed = await api
      .get(`${base}/cost/systems?users=1000`)
      .set('Authorization', bob)
      .expect(200);
    expect(listed.body.items[0]).toMatchObject({
      entityRef: 'system:default/shop',
      source: 'parts',
      parts: 1100,
      monthlyCost: 2200,
      // cart, checkout and search have no cost table.
      uncostedParts: 3,
    });
    // cart, checkout and search are shop's too.
    expect(pages).toEqual([500, 500, 103]);
  });

  it("hands a System's table down to its parts, and reads parts' annotations for the System's cost", async () => {
    const knex = await databases.init(id);
    const entities = annotated(smallOrg(), e => e.metadata.name === 'search', {
      'prodready.dev/cost': 'currency=EUR; date=2026-11-01; 1000=1,500',
    });
    // An API of the System is not a part its cost is of.
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'shop-api',
        namespace: 'default',
        annotations: {
          'prodready.dev/cost': 'currency=EUR; date=2026-11-01; 1000=9,999',
        },
      },
      spec: { type: 'openapi', owner: 'team-a', system: 'shop' },
      relations: [{ type: 'partOf', targetRef: 'system:default/shop' }],
    });
    ({ api } = await startBackend({ knex, entities }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    // search's annotation alone: its System is costed from its parts.
    const listed = await api
      .get(`${base}/cost/systems`)
      .set('Authorization', bob)
      .expect(200);
    expect(listed.body.items[0]).toMatchObject({
      entityRef: 'system:default/shop',
      source: 'parts',
      monthlyCost: 1500,
      costPerUser: 1.5,
      parts: 1,
      uncostedParts: 2,
    });
    // The System's table answers cart's cost checks, which it inherits.
    await api
      .put(`${base}/entities/system/default/shop/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    const scorecard = await api.get(cart).set('Authorization', bob).expect(200);
    expect(
      statusOf(scorecard.body.scorecard, 'cost.growth-curve'),
    ).toMatchObject({
      status: 'met',
      source: 'inherited',
      inheritedFrom: 'system:default/shop',
    });
  });

  it('backs cost tables up and restores them; an older backup leaves them be', async () => {
    await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    const backup = (
      await api.get(`${base}/export`).set('Authorization', carol).expect(200)
    ).body;
    expect(backup.costTables).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/cart',
        updatedBy: 'user:default/alice',
        version: 1,
      }),
    ]);
    await api
      .delete(`${cart}/cost`)
      .set('Authorization', alice)
      .send({ version: 1 })
      .expect(200);

    const restored = await api
      .post(`${base}/import?restore=true`)
      .set('Authorization', carol)
      .send(backup)
      .expect(200);
    expect(restored.body).toMatchObject({ costTables: 1, restored: true });
    const read = async () =>
      (await api.get(`${cart}/cost`).set('Authorization', bob).expect(200)).body
        .costTable;
    expect(await read()).toEqual(backup.costTables[0]);

    // Without restore the importer is who saved it.
    await api
      .post(`${base}/import`)
      .set('Authorization', carol)
      .send(backup)
      .expect(200);
    expect(await read()).toMatchObject({ updatedBy: 'user:default/carol' });

    // A backup from before cost tables leaves them as they are.
    const { costTables: _, ...older } = backup;
    const response = await api
      .post(`${base}/import`)
      .set('Authorization', carol)
      .send(older)
      .expect(200);
    expect(response.body.costTables).toBeUndefined();
    expect(await read()).toMatchObject({ currency: 'EUR' });

    // A bad table in a backup is a 400 naming it.
    const bad = await api
      .post(`${base}/import`)
      .set('Authorization', carol)
      .send({
        ...backup,
        costTables: [{ ...backup.costTables[0], currency: 'euro' }],
      })
      .expect(400);
    expect(bad.body.error.message).toMatch(/costTables\.0\.currency/);
  });

  it('lists cost per user by System, from its own table or its parts', async () => {
    const systems = async () =>
      (
        await api
          .get(`${base}/cost/systems?users=1000`)
          .set('Authorization', bob)
          .expect(200)
      ).body;
    expect(await systems()).toEqual({
      users: 1000,
      totalCount: 1,
      items: [
        {
          entityRef: 'system:default/shop',
          source: 'none',
          parts: 0,
          problem: 'no cost table',
        },
      ],
    });
    // From its parts: cart's and checkout's tables summed.
    for (const [name, cost] of [
      ['cart', 2100],
      ['checkout', 900],
    ] as const) {
      await api
        .put(`${base}/entities/component/default/${name}/cost`)
        .set('Authorization', alice)
        .send({
          currency: 'EUR',
          date: '2026-11-01',
          tiers: [{ users: 1000, monthlyCost: cost }],
          version: 0,
        })
        .expect(200);
    }
    expect((await systems()).items[0]).toMatchObject({
      source: 'parts',
      currency: 'EUR',
      monthlyCost: 3000,
      costPerUser: 3,
      parts: 2,
    });
    // Its own table wins.
    await api
      .put(`${base}/entities/system/default/shop/cost`)
      .set('Authorization', alice)
      .send({ ...seedTable, version: 0 })
      .expect(200);
    expect((await systems()).items[0]).toMatchObject({
      source: 'system',
      monthlyCost: 2100,
      costPerUser: 2.1,
    });
    await api
      .get(`${base}/cost/systems?users=0`)
      .set('Authorization', bob)
      .expect(400);
  });
});
