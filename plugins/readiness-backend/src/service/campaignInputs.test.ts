import { alice, base, carol, startBackend } from '../__testUtils__/testBackend';
import {
  FAR_DEADLINE,
  metricsCampaign,
  taggedCartOrg,
} from '../__testUtils__/campaigns';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const deadline = FAR_DEADLINE;

/*
 * What a campaign's definition may say, and what it means: dates that hold
 * together with the start kept or given by default, tags matched as the
 * catalog matches them, a check named twice.
 */
describe.each(databases.eachSupportedId())('campaign inputs on %s', id => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];

  beforeEach(async () => {
    ({ api } = await startBackend({ knex: await databases.init(id) }));
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  });

  const create = (body: object) =>
    api.post(`${base}/campaigns`).set('Authorization', carol).send(body);

  it('refuses a deadline before the start date it keeps or defaults to, and keeps the campaign as it was', async () => {
    const past = await create({
      ...metricsCampaign,
      deadline: '2001-01-01',
    }).expect(400);
    expect(past.body.error.message).toMatch(
      /deadline: must not be before the campaign's start date/,
    );
    const { campaign } = (
      await create({ ...metricsCampaign, startDate: '2099-06-01' }).expect(201)
    ).body;
    const url = `${base}/campaigns/${campaign.id}`;
    const earlier = await api
      .put(url)
      .set('Authorization', carol)
      .send({ ...metricsCampaign, deadline: '2099-05-31', version: 1 })
      .expect(400);
    expect(earlier.body.error.message).toMatch(/deadline: .*2099-06-01/);
    const kept = await api.get(url).set('Authorization', alice).expect(200);
    expect(kept.body.campaign).toMatchObject({
      version: 1,
      startDate: '2099-06-01',
      deadline,
    });
    // What the portal stores, an export carries and an import takes back.
    const exported = await api
      .get(`${base}/export`)
      .set('Authorization', carol)
      .expect(200);
    await api
      .post(`${base}/import?restore=true`)
      .set('Authorization', carol)
      .send(exported.body)
      .expect(200);
  });

  it('matches tags in any case, as the catalog does, and names a tag or lifecycle with a control character', async () => {
    const { api: withCatalog } = await startBackend({
      knex: await databases.init(id),
      entities: taggedCartOrg(),
    });
    const created = await withCatalog
      .post(`${base}/campaigns`)
      .set('Authorization', carol)
      .send({ ...metricsCampaign, filter: { tags: [' PAYMENTS '] } })
      .expect(201);
    expect(created.body.campaign.filter.tags).toEqual(['PAYMENTS']);
    await withCatalog
      .post(`${base}/compute`)
      .set('Authorization', carol)
      .expect(202);
    const detail = await withCatalog
      .get(`${base}/campaigns/${created.body.campaign.id}`)
      .set('Authorization', carol)
      .expect(200);
    // cart carries `payments`.
    expect(detail.body.campaign.progress).toMatchObject({ total: 1 });
    for (const filter of [
      { tags: ['payments', 'a\u0000'] },
      { lifecycles: ['production', 'production\u0000'] },
    ]) {
      const bad = await create({ ...metricsCampaign, filter }).expect(400);
      expect(bad.body.error.message).toMatch(
        /filter\.(tags|lifecycles)\.1: must not contain control characters/,
      );
    }
  });

  it('lists a check the target names twice once among those an entity misses', async () => {
    const { campaign } = (
      await create({
        ...metricsCampaign,
        target: {
          checks: ['monitoring.alerting', 'monitoring.alerting'],
        },
      }).expect(201)
    ).body;
    const { body } = await api
      .get(`${base}/campaigns/${campaign.id}/entities?status=all`)
      .set('Authorization', carol)
      .expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(item.missing).toEqual(['monitoring.alerting']);
    }
  });
});
