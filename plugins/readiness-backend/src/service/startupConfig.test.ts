import { JsonObject } from '@backstage/types';
import { startBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * A config mistake fails startup before the migrations run: an upgrade
 * shipped with one leaves the schema as the running version knows it, so
 * rolling back (the previous version refuses a schema migrated past it)
 * needs no database work.
 */
describe.each(databases.eachSupportedId())('startup config on %s', id => {
  it.each<[string, JsonObject, RegExp]>([
    [
      'a publisher',
      { results: { publishers: [{ subject: 'ci', checks: ['nope.*'] }] } },
      /readiness\.results\.publishers\[0\]\.checks/,
    ],
    [
      'the schedule',
      { schedule: { frequency: { cron: '@secondly' } } },
      /readiness\.schedule\.frequency/,
    ],
    [
      'a campaign',
      {
        campaigns: [
          {
            id: 'typo',
            title: 'A typo',
            target: { checks: ['recoverability.restore-tset'] },
            startDate: '2026-01-01',
            deadline: '2099-12-31',
          },
        ],
      },
      /readiness\.campaigns\.0\.target/,
    ],
  ])(
    'with a mistake in %s fails naming it, and migrates nothing',
    async (_, readiness, message) => {
      const knex = await databases.init(id);
      await expect(
        startBackend({ knex, config: { readiness } }),
      ).rejects.toThrow(message);
      expect(await knex.schema.hasTable('readiness_scorecards')).toBe(false);
    },
  );
});
