import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { READINESS_MIGRATIONS } from './migrations';

const databases = createTestDatabases();
const TABLES = [
  'readiness_campaigns',
  'readiness_campaign_entities',
  'readiness_campaign_groups',
  'readiness_campaign_history',
];

describe.each(databases.eachSupportedId())('campaign migration on %s', id => {
  it('creates the campaign tables, and drops them going down', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    const campaign = await store.transaction(tx =>
      store.campaigns.definitions.writeCampaign(
        tx,
        'c1',
        {
          title: 'T',
          filter: {},
          target: { level: 'bronze' },
          deadline: '2026-12-31',
        },
        'user:default/carol',
        0,
        '2026-12-01',
        { create: true },
      ),
    );
    expect(campaign).toMatchObject({ startDate: '2026-12-01', version: 1 });

    await knex.migrate.down({
      ...READINESS_MIGRATIONS,
      name: '20261206300000_campaigns.js',
    });
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    expect(await knex.schema.hasTable('readiness_answers')).toBe(true);
    await knex.migrate.latest(READINESS_MIGRATIONS);
    expect(await knex.schema.hasTable('readiness_campaigns')).toBe(true);
  });
});
