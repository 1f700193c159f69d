import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { pruneCampaigns } from '../database/campaignRetention';
import {
  base,
  carol,
  recordingAuditor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (days: number) =>
  new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** A campaign that asks for silver, from `startDate` to `deadline`. */
const definition = (title: string, startDate: string, deadline: string) => ({
  title,
  filter: {},
  target: { level: 'silver' },
  startDate,
  deadline,
});

/** Carol's portal campaign `campaignId`, made and started on `madeOn`. */
const madeInPortal = (
  store: DatabaseReadinessStore,
  campaignId: string,
  deadline: string,
  madeOn = day(-200),
) =>
  store.transaction(tx =>
    store.campaigns.definitions.writeCampaign(
      tx,
      campaignId,
      definition(campaignId, madeOn, deadline),
      'user:default/carol',
      0,
      madeOn,
      { create: true },
    ),
  );

describe.each(databases.eachSupportedId())(
  'campaign retention in the full run on %s',
  id => {
    // Every portal campaign ever made stayed, each with a row per entity
    // it asked: the campaign tables grew without bound over the years.
    it('deletes the portal campaigns past their deadline for longer than campaignDays, with their progress, and audits it', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      for (const [campaignId, deadline] of [
        ['ended-long-ago', day(-40)],
        ['ended-lately', day(-10)],
        ['open', day(30)],
      ]) {
        await madeInPortal(store, campaignId, deadline);
        // What its progress computation left: an entity asked, the
        // whole campaign's counts and a burn-up day.
        await knex('readiness_campaign_entities').insert({
          campaign_id: campaignId,
          entity_ref: 'component:default/cart',
          done: false,
          missing: '[]',
        });
        await knex('readiness_campaign_groups').insert({
          campaign_id: campaignId,
          group_ref: '',
          total: 1,
          done: 0,
        });
        await knex('readiness_campaign_history').insert({
          campaign_id: campaignId,
          day: deadline,
          total: 1,
          done: 0,
        });
      }
      // The burn-up of an app-config campaign that left the configuration
      // long ago: nobody computes it any more.
      await knex('readiness_campaign_history').insert({
        campaign_id: 'config-gone',
        day: day(-40),
        total: 1,
        done: 1,
      });
      const { api, audit } = await startBackend({
        knex,
        config: {
          readiness: {
            retention: { campaignDays: 30 },
            // A campaign of app-config is its configuration's to remove.
            campaigns: [
              {
                id: 'config-long-ago',
                ...definition('config-long-ago', day(-200), day(-40)),
              },
            ],
          },
        },
      });

      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

      const { body } = await api
        .get(`${base}/campaigns`)
        .set('Authorization', carol)
        .expect(200);
      expect(body.items.map((c: { id: string }) => c.id).sort()).toEqual([
        'config-long-ago',
        'ended-lately',
        'open',
      ]);
      expect(
        await knex('readiness_campaign_history').where(
          'campaign_id',
          'config-gone',
        ),
      ).toEqual([]);
      for (const table of [
        'readiness_campaign_entities',
        'readiness_campaign_groups',
        'readiness_campaign_history',
      ]) {
        expect(
          await knex(table).where('campaign_id', 'ended-long-ago'),
        ).toEqual([]);
        expect(
          await knex(table).where('campaign_id', 'ended-lately'),
        ).not.toEqual([]);
      }
      expect(
        audit.filter(event => event.eventId === 'campaign-retention'),
      ).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({
            campaignDays: 30,
            campaigns: ['ended-long-ago'],
            deleted: 1,
            // Campaigns keep no history of their definitions: the audit
            // log says what went.
            campaignsDeleted: [
              {
                id: 'ended-long-ago',
                title: 'ended-long-ago',
                filter: {},
                target: { level: 'silver' },
                startDate: day(-200),
                deadline: day(-40),
                createdBy: 'user:default/carol',
              },
            ],
          }),
        }),
      ]);

      // Nothing more to delete: the next run deletes and audits nothing.
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      expect(
        audit.filter(event => event.eventId === 'campaign-retention'),
      ).toHaveLength(1);
    });

    // Retention ran before the run's computation wrote the day's lines: a
    // configured campaign no run had computed for campaignDays lost its
    // burn-up for good, and a portal campaign of a configured id took the
    // configured campaign's progress with it.
    it("leaves app-config's campaigns their burn-up and progress, whenever they were last computed", async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      // A portal campaign made before app-config took its id.
      await madeInPortal(store, 'configured', day(-40));
      await knex('readiness_campaign_history').insert([
        { campaign_id: 'configured', day: day(-40), total: 1, done: 0 },
        { campaign_id: 'configured-too', day: day(-40), total: 1, done: 1 },
      ]);
      const { api } = await startBackend({
        knex,
        config: {
          readiness: {
            retention: { campaignDays: 30 },
            campaigns: ['configured', 'configured-too'].map(campaignId => ({
              id: campaignId,
              ...definition(campaignId, day(-200), day(30)),
            })),
          },
        },
      });

      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

      for (const campaignId of ['configured', 'configured-too']) {
        expect(
          await knex('readiness_campaign_history')
            .where({ campaign_id: campaignId, day: day(-40) })
            .select('day'),
        ).toEqual([{ day: day(-40) }]);
      }
      expect(
        (await store.campaigns.definitions.listCampaigns()).map(c => c.id),
      ).toEqual(['configured']);
    });

    it('keeps every campaign without campaignDays', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      await madeInPortal(store, 'ended-years-ago', day(-3000), day(-3000));
      const { api, audit } = await startBackend({ knex });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const { body } = await api
        .get(`${base}/campaigns`)
        .set('Authorization', carol)
        .expect(200);
      expect(body.items.map((c: { id: string }) => c.id)).toEqual([
        'ended-years-ago',
      ]);
      expect(
        audit.filter(event => event.eventId === 'campaign-retention'),
      ).toEqual([]);
    });

    it('audits the campaigns that went when a later one fails, and leaves the failed one whole', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      for (const campaignId of ['first', 'second']) {
        await madeInPortal(store, campaignId, day(-40));
        await knex('readiness_campaign_history').insert({
          campaign_id: campaignId,
          day: day(-40),
          total: 1,
          done: 0,
        });
      }
      const { events, auditor } = recordingAuditor();
      const { progress } = store.campaigns;
      const remove = progress.deleteProgress.bind(progress);
      let calls = 0;
      jest
        .spyOn(progress, 'deleteProgress')
        .mockImplementation(async (...args) => {
          if (++calls === 2) throw new Error('the database went away');
          return remove(...args);
        });

      await expect(
        pruneCampaigns(store, 30, new Date(), auditor),
      ).rejects.toThrow('the database went away');
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'campaign-retention',
          outcome: 'failure',
          meta: expect.objectContaining({
            campaigns: ['first', 'second'],
            deleted: 1,
          }),
        }),
      ]);
      // The second's transaction rolled back: its definition and burn-up stay.
      expect(
        (await store.campaigns.definitions.listCampaigns()).map(c => c.id),
      ).toEqual(['second']);
      expect(
        await knex('readiness_campaign_history').where('campaign_id', 'second'),
      ).toHaveLength(1);
    });
  },
);
