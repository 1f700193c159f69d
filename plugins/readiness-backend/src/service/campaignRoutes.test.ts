import {
  BRONZE_FOR_ALL,
  FAR_DEADLINE,
  metricsCampaign,
  taggedCartOrg,
} from '../__testUtils__/campaigns';
import {
  alice,
  base,
  bob,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import {
  catalogReadingByRef,
  catalogWith,
} from '../__testUtils__/hidingCatalog';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BOB = 'user:default/bob';

const deadline = FAR_DEADLINE;

describe.each(databases.eachSupportedId())('campaign routes on %s', id => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let audit: Awaited<ReturnType<typeof startBackend>>['audit'];

  beforeEach(async () => {
    const knex = await databases.init(id);
    ({ api, audit } = await startBackend({
      knex,
      config: {
        readiness: {
          campaigns: [BRONZE_FOR_ALL],
        },
      },
    }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  const create = (body: object = metricsCampaign) =>
    api.post(`${base}/campaigns`).set('Authorization', carol).send(body);

  it('creates, lists, changes and deletes a campaign, with optimistic concurrency', async () => {
    const created = await create().expect(201);
    const campaign = created.body.campaign;
    expect(campaign).toMatchObject({
      title: 'Metrics everywhere',
      source: 'portal',
      version: 1,
      createdBy: 'user:default/carol',
      progress: { total: 3, done: 1, overdue: 0 },
    });
    expect(audit).toContainEqual(
      expect.objectContaining({
        eventId: 'campaign-create',
        outcome: 'success',
      }),
    );

    const list = await api
      .get(`${base}/campaigns`)
      .set('Authorization', alice)
      .expect(200);
    expect(list.body.items.map((c: any) => [c.id, c.source])).toEqual([
      ['bronze-for-all', 'config'],
      [campaign.id, 'portal'],
    ]);

    const url = `${base}/campaigns/${campaign.id}`;
    const changed = await api
      .put(url)
      .set('Authorization', carol)
      .send({ ...metricsCampaign, title: 'Metrics, all of them', version: 1 })
      .expect(200);
    expect(changed.body.campaign).toMatchObject({
      version: 2,
      title: 'Metrics, all of them',
      startDate: campaign.startDate,
    });
    const stale = await api
      .put(url)
      .set('Authorization', carol)
      .send({ ...metricsCampaign, version: 1 })
      .expect(409);
    expect(stale.body.error.current).toMatchObject({
      version: 2,
      title: 'Metrics, all of them',
    });

    await api
      .delete(url)
      .set('Authorization', carol)
      .send({ version: 1 })
      .expect(409);
    await api
      .delete(url)
      .set('Authorization', carol)
      .send({ version: 2 })
      .expect(200);
    await api.get(url).set('Authorization', carol).expect(404);

    // Campaigns keep no history of their definitions: the audit log says
    // what each write asked of whom by when, before and after (not the text).
    const successes = audit
      .filter(e => e.eventId.startsWith('campaign-') && e.outcome === 'success')
      .map(e => [e.eventId, e.meta]);
    const asked = {
      target: metricsCampaign.target,
      filter: metricsCampaign.filter,
      startDate: campaign.startDate,
      deadline,
    };
    expect(successes).toEqual([
      [
        'campaign-create',
        expect.objectContaining({
          after: { ...asked, startDate: undefined },
        }),
      ],
      [
        'campaign-update',
        expect.objectContaining({ before: asked, after: expect.anything() }),
      ],
      ['campaign-delete', expect.objectContaining({ before: asked })],
    ]);
    expect(JSON.stringify(successes)).not.toContain('Every component');
  });

  it('changes only a campaign that exists: a PUT to an unknown id is a 404 and adds nothing', async () => {
    for (const version of [0, 3]) {
      const res = await api
        .put(`${base}/campaigns/Chosen-By-Caller`)
        .set('Authorization', carol)
        .send({ ...metricsCampaign, version })
        .expect(404);
      expect(res.body.error.message).toMatch(
        /no portal campaign Chosen-By-Caller/,
      );
    }
    await api
      .get(`${base}/campaigns/Chosen-By-Caller`)
      .set('Authorization', carol)
      .expect(404);
    const list = await api
      .get(`${base}/campaigns`)
      .set('Authorization', carol)
      .expect(200);
    expect(list.body.items.map((c: any) => c.id)).toEqual(['bronze-for-all']);
  });

  /** A backend whose catalog can be taken down; cart (of eng) carries the tag payments. */
  async function withTaggedCatalog() {
    const down = { query: false, byRefs: false };
    const entities = taggedCartOrg();
    const backend = await startBackend({
      knex: await databases.init(id),
      entities,
      // The tags are asked for by query (before the campaign is stored)
      // and by ref (a page of entities at a time).
      catalog: catalogWith(entities, inner => {
        const unless =
          (failing: () => boolean, read: (...a: any[]) => Promise<unknown>) =>
          async (...a: any[]) => {
            if (failing()) {
              throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
            }
            return read(...a);
          };
        return {
          queryEntities: unless(
            () => down.query,
            inner.queryEntities.bind(inner),
          ),
          getEntitiesByRefs: unless(
            () => down.byRefs,
            inner.getEntitiesByRefs.bind(inner),
          ),
        };
      }),
    });
    await backend.api
      .post(`${base}/compute`)
      .set('Authorization', carol)
      .expect(202);
    return { ...backend, down };
  }

  const tagged = { ...metricsCampaign, filter: { tags: ['payments'] } };

  it('stores nothing when the catalog cannot say which entities carry its tags: 503 naming the catalog', async () => {
    const { api: withCatalog, down } = await withTaggedCatalog();
    down.query = true;
    const res = await withCatalog
      .post(`${base}/campaigns`)
      .set('Authorization', carol)
      .send(tagged)
      .expect(503);
    expect(res.body.error.message).toMatch(/catalog cannot be reached/);
    const list = await withCatalog
      .get(`${base}/campaigns`)
      .set('Authorization', carol)
      .expect(200);
    expect(list.body.items).toEqual([]);

    down.query = false;
    const created = await withCatalog
      .post(`${base}/campaigns`)
      .set('Authorization', carol)
      .send(tagged)
      .expect(201);
    expect(created.body.campaign.progress).toMatchObject({ total: 1 });
  });

  it('keeps a campaign whose tags the catalog stops answering for partway, with counts that match its rows', async () => {
    const { api: withCatalog, down } = await withTaggedCatalog();
    down.byRefs = true;
    const created = await withCatalog
      .post(`${base}/campaigns`)
      .set('Authorization', carol)
      .send(tagged)
      .expect(201);
    // Stored; its progress waits for the next full run.
    expect(created.body.campaign.progress).toMatchObject({ total: 0 });
    const entities = await withCatalog
      .get(`${base}/campaigns/${created.body.campaign.id}/entities?status=all`)
      .set('Authorization', carol)
      .expect(200);
    expect(entities.body.totalCount).toBe(0);

    down.byRefs = false;
    await withCatalog
      .post(`${base}/compute`)
      .set('Authorization', carol)
      .expect(202);
    const detail = await withCatalog
      .get(`${base}/campaigns/${created.body.campaign.id}`)
      .set('Authorization', carol)
      .expect(200);
    expect(detail.body.campaign.progress).toMatchObject({ total: 1 });
  });

  it('refuses non-admins (403, audited) and names the field of a bad campaign', async () => {
    await create().set('Authorization', alice).expect(403);
    expect(audit).toContainEqual(
      expect.objectContaining({
        eventId: 'campaign-create',
        outcome: 'failure',
      }),
    );
    const level = await create({
      ...metricsCampaign,
      target: { level: 'platinum' },
    }).expect(400);
    expect(level.body.error.message).toMatch(/target\.level: 'platinum'/);
    const day = await create({
      ...metricsCampaign,
      deadline: 'soon',
    }).expect(400);
    expect(day.body.error.message).toMatch(/deadline: must be a date/);
  });

  it('serves app-config campaigns read-only', async () => {
    const url = `${base}/campaigns/bronze-for-all`;
    const detail = await api.get(url).set('Authorization', alice).expect(200);
    expect(detail.body.campaign).toMatchObject({
      source: 'config',
      version: 0,
    });
    // Every scorable entity: the System and its three components.
    expect(detail.body.campaign.progress.total).toBe(4);
    await api
      .put(url)
      .set('Authorization', carol)
      .send({ ...metricsCampaign, version: 0 })
      .expect(403);
    await api
      .delete(url)
      .set('Authorization', carol)
      .send({ version: 0 })
      .expect(403);
  });

  it('moves progress with writes exactly as a computation from scratch would', async () => {
    const { campaign } = (await create().expect(201)).body;
    const url = `${base}/campaigns/${campaign.id}`;
    /** Every team, each before its sub-teams, read a level at a time. */
    const teams = async (parent?: string): Promise<any[]> => {
      const page = await api
        .get(`${url}/groups`)
        .query(parent ? { parent } : {})
        .set('Authorization', carol)
        .expect(200);
      expect(page.body.totalCount).toBe(page.body.items.length);
      const out = [];
      for (const team of page.body.items) {
        out.push(team, ...(team.children ? await teams(team.groupRef) : []));
      }
      return out;
    };
    const read = async () => {
      const detail = await api.get(url).set('Authorization', carol).expect(200);
      const entities = await api
        .get(`${url}/entities?status=all`)
        .set('Authorization', carol)
        .expect(200);
      return {
        progress: detail.body.campaign.progress,
        groups: await teams(),
        entities: entities.body.items,
      };
    };

    await api
      .put(
        `${base}/entities/component/default/checkout/answers/monitoring.metrics`,
      )
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    const afterWrite = await read();
    expect(afterWrite.progress).toEqual({ total: 3, done: 2, overdue: 0 });
    expect(afterWrite.groups).toEqual([
      {
        groupRef: 'group:default/acme',
        total: 3,
        done: 2,
        overdue: 0,
        children: 1,
      },
      {
        groupRef: 'group:default/eng',
        parent: 'group:default/acme',
        total: 3,
        done: 2,
        overdue: 0,
        children: 2,
      },
      {
        groupRef: 'group:default/team-a',
        parent: 'group:default/eng',
        total: 2,
        done: 2,
        overdue: 0,
        children: 0,
      },
      {
        groupRef: 'group:default/team-b',
        parent: 'group:default/eng',
        total: 1,
        done: 0,
        overdue: 0,
        children: 0,
      },
    ]);

    // The full run computes every campaign from scratch.
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    expect(await read()).toEqual(afterWrite);

    const missing = await api
      .get(`${url}/entities`)
      .set('Authorization', carol)
      .expect(200);
    expect(missing.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/search',
        owner: 'group:default/team-b',
        status: 'not-done',
        missing: ['monitoring.metrics'],
      }),
    ]);

    const forEntity = await api
      .get(`${base}/entities/component/default/search/campaigns`)
      .set('Authorization', alice)
      .expect(200);
    expect(
      forEntity.body.items.map((i: any) => [i.campaign.id, i.entity.status]),
    ).toEqual([
      ['bronze-for-all', expect.any(String)],
      [campaign.id, 'not-done'],
    ]);

    const teamB = await api
      .get(`${base}/campaigns?group=group:default/team-b`)
      .set('Authorization', alice)
      .expect(200);
    expect(
      teamB.body.items.find((c: any) => c.id === campaign.id).progress,
    ).toEqual({ total: 1, done: 0, overdue: 0 });
  });
});

describe.each(databases.eachSupportedId())(
  'the campaigns of several entities at once on %s',
  id => {
    it('gives each readable entity what its own read gives, leaves out the others, those not in the catalog and those no check applies to, in one catalog request', async () => {
      const knex = await databases.init(id);
      const entities = smallOrg();
      // Bob may not read cart.
      const { catalog, lookups } = catalogReadingByRef(
        entities,
        (ref, entity) => (ref === 'component:default/cart' ? null : entity),
      );
      const { api } = await startBackend({
        knex,
        entities,
        catalog,
        catalogRead: user => (user === BOB ? 'conditional' : 'allow'),
        config: {
          readiness: {
            campaigns: [BRONZE_FOR_ALL],
          },
        },
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const refs = [
        'component:default/search',
        'component:default/cart',
        'component:default/checkout',
      ];
      const url = `${base}/entity-campaigns?${refs
        .map(r => `entityRef=${encodeURIComponent(r)}`)
        .join('&')}`;

      const all = await api
        .get(
          `${url}&entityRef=component:default/not-in-the-catalog&entityRef=user:default/alice`,
        )
        .set('Authorization', alice)
        .expect(200);
      expect(all.body.items.map((i: any) => i.entityRef)).toEqual(refs);
      for (const item of all.body.items) {
        const [, name] = item.entityRef.split('/');
        const own = await api
          .get(`${base}/entities/component/default/${name}/campaigns`)
          .set('Authorization', alice)
          .expect(200);
        expect(item.campaigns).toEqual(own.body.items);
        expect(item.campaigns.length).toBeGreaterThan(0);
      }

      lookups.calls = 0;
      const forBob = await api.get(url).set('Authorization', bob).expect(200);
      expect(forBob.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/search',
        'component:default/checkout',
      ]);
      expect(lookups.calls).toBe(1);

      const tooMany = await api
        .get(
          `${base}/entity-campaigns?${Array.from(
            { length: 26 },
            (_, i) => `entityRef=component:default/svc-${i}`,
          ).join('&')}`,
        )
        .set('Authorization', alice)
        .expect(400);
      expect(tooMany.body.error.message).toMatch(/entityRef/);
    });
  },
);
