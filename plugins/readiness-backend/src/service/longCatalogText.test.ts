import { BRONZE_FOR_ALL } from '../__testUtils__/campaigns';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { base, carol, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The catalog bounds neither a title nor a lifecycle; an emoji (two UTF-16
// code units) sits where a cut at 255 characters would split it.
const LONG_TITLE = `${'Checkout service of the web shop, '.repeat(
  7,
)}🛒 ${'x'.repeat(80)}`;
const LONG_LIFECYCLE = `production-${'candidate-'.repeat(8)}`;
const LONG_GROUP_TITLE = `Team A — ${'payments and checkout '.repeat(15)}`;

function longTexts(): Entity[] {
  return withRelations(
    smallOrg().map(entity => {
      const copy = structuredClone(entity);
      if (copy.kind === 'Component' && copy.metadata.name === 'cart') {
        copy.metadata.title = LONG_TITLE;
        copy.spec = { ...copy.spec, lifecycle: LONG_LIFECYCLE };
      }
      if (copy.kind === 'Group' && copy.metadata.name === 'team-a') {
        copy.metadata.title = LONG_GROUP_TITLE;
      }
      return copy;
    }),
  );
}

/*
 * A title or lifecycle is whatever a team wrote in its catalog-info.yaml.
 * One longer than a column takes must not fail the entity's writes and
 * reads, nor stop every full run (on PostgreSQL a varchar(255) refuses it;
 * SQLite does not check).
 */
describe.each(databases.eachSupportedId())(
  'catalog titles and lifecycles of any length, %p',
  id => {
    it('are scored, rolled up, snapshotted and listed in campaigns', async () => {
      expect(LONG_TITLE.length).toBeGreaterThan(255);
      expect(LONG_LIFECYCLE.length).toBeGreaterThan(64);
      const knex = await databases.init(id);
      const { api } = await startBackend({
        knex,
        entities: longTexts(),
        config: {
          readiness: {
            campaigns: [BRONZE_FOR_ALL],
          },
        },
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

      const cart = await api
        .get(`${base}/entities/component/default/cart`)
        .set('Authorization', carol)
        .expect(200);
      expect(cart.body.scorecard.title).toBe(LONG_TITLE);
      expect(cart.body.scorecard.lifecycle).toBe(LONG_LIFECYCLE);
      const team = await api
        .get(`${base}/rollups/group/default/team-a`)
        .set('Authorization', carol)
        .expect(200);
      expect(team.body.rollup.title).toBe(LONG_GROUP_TITLE);
      const found = await api
        .get(`${base}/scorecards?q=${encodeURIComponent('🛒')}`)
        .set('Authorization', carol)
        .expect(200);
      expect(found.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/cart',
      ]);
      const campaign = await api
        .get(`${base}/campaigns/bronze-for-all/entities?status=all&limit=500`)
        .set('Authorization', carol)
        .expect(200);
      expect(
        campaign.body.items.find(
          (i: any) => i.entityRef === 'component:default/cart',
        )?.title,
      ).toBe(LONG_TITLE);
      const lines = await knex('readiness_snapshots')
        .whereIn('subject_ref', [
          'component:default/cart',
          'group:default/team-a',
        ])
        .pluck('title');
      expect(new Set(lines)).toEqual(new Set([LONG_TITLE, LONG_GROUP_TITLE]));
    });
  },
);
