import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { planSteps } from '../__testUtils__/queryPlans';
import { statementsOf } from '../__testUtils__/statements';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** `org` above 40 departments of 50 teams each: 2,041 groups, all in one campaign. */
async function organisationInCampaign(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  const groups: { ref: string; parent: string | null }[] = [
    { ref: 'group:default/org', parent: null },
  ];
  for (let d = 0; d < 40; d++) {
    const department = `group:default/dept-${d}`;
    groups.push({ ref: department, parent: 'group:default/org' });
    for (let t = 0; t < 50; t++) {
      groups.push({ ref: `${department}-team-${t}`, parent: department });
    }
  }
  for (let i = 0; i < groups.length; i += 500) {
    const part = groups.slice(i, i + 500);
    await knex('readiness_rollups').insert(
      part.map(g => ({
        rollup_ref: g.ref,
        kind: 'group',
        parent_ref: g.parent,
        entity_count: 1,
        rollup: '{}',
        computed_at: '2026-12-01T00:00:00.000Z',
      })),
    );
    await knex('readiness_campaign_groups').insert(
      part.map(g => ({
        campaign_id: 'wide',
        group_ref: g.ref,
        total: 1,
        done: 0,
      })),
    );
  }
  if (id.startsWith('POSTGRES')) await knex.raw('ANALYZE');
  return { knex, store };
}

describe.each(databases.eachSupportedId())('a campaign’s teams on %s', id => {
  // A page of one team's sub-teams walked every team of the campaign (2,000
  // at 2,000 groups) on SQLite, for each page of a few.
  it('reads a page of sub-teams by the rollups’ parent index, not through every team of the campaign', async () => {
    const { knex, store } = await organisationInCampaign(id);
    const page = await store.campaigns.progress.listTeams('wide', {
      parent: 'group:default/dept-7',
      limit: 10,
      offset: 0,
    });
    expect(page.totalCount).toBe(50);
    expect(page.items[0]).toEqual({
      groupRef: 'group:default/dept-7-team-0',
      parent: 'group:default/dept-7',
      total: 1,
      done: 0,
      children: 0,
    });
    // PostgreSQL plans by its statistics: at 2,041 teams in one campaign,
    // hashing them all costs it less than 50 probes of their key, and with
    // more rows it probes. SQLite has none (nothing runs ANALYZE) and
    // follows the order asked for.
    if (id.startsWith('POSTGRES')) return;
    const statements = await statementsOf(knex, () =>
      store.campaigns.progress.listTeams('wide', {
        parent: 'group:default/dept-7',
        limit: 10,
        offset: 0,
      }),
    );
    const plan = (await planSteps(knex, statements[0])).join('; ');
    expect(plan).toMatch(
      /^SEARCH place USING INDEX readiness_rollups_parent_idx/,
    );
    expect(plan).not.toMatch(
      /SEARCH team USING [A-Z ]*INDEX \S+ \(campaign_id=\?\)/,
    );
  });
});
