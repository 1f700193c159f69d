import { createTestDatabases } from '../__testUtils__/databases';
import { READINESS_MIGRATIONS } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261215000000_catalog_text_columns.js';

const rollupRow = (ref: string, title: string) => ({
  rollup_ref: ref,
  kind: 'group',
  title,
  parent_ref: null,
  score: 50,
  entity_count: 1,
  rollup: '{}',
  computed_at: '2026-12-06T10:00:00.000Z',
});

describe.each(databases.eachSupportedId())(
  'the migration of catalog text columns, %p',
  id => {
    it('keeps the stored titles and takes longer ones after it', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(READINESS_MIGRATIONS);
      await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
      const stored = `Payments ${'and checkout '.repeat(18)}`.slice(0, 255);
      await knex('readiness_rollups').insert(
        rollupRow('group:default/a', stored),
      );

      await knex.migrate.latest(READINESS_MIGRATIONS);
      const long = `${stored} and the rest of a title nobody bounded`;
      await knex('readiness_rollups').insert(
        rollupRow('group:default/b', long),
      );
      expect(
        await knex('readiness_rollups').orderBy('rollup_ref').pluck('title'),
      ).toEqual([stored, long]);

      // Down again, a longer title is cut to what the column took before.
      await knex.migrate.down({ ...READINESS_MIGRATIONS, name: MIGRATION });
      const titles: string[] = await knex('readiness_rollups')
        .orderBy('rollup_ref')
        .pluck('title');
      expect(titles[0]).toBe(stored);
      expect(long.startsWith(titles[1])).toBe(true);
      // SQLite never checked the length: it keeps the whole title.
      expect(titles[1]).toHaveLength(
        id.startsWith('POSTGRES') ? 255 : long.length,
      );
    });
  },
);
