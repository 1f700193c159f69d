import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import readinessPlugin from '@prodready/plugin-readiness-backend';
import demoExemptions from './demoExemptions';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('demo exemptions', () => {
  it('seeds a pending and an approved exemption at startup, with their history', async () => {
    const knex = await databases.init('SQLITE_3');
    await startTestBackend({
      features: [
        readinessPlugin,
        demoExemptions,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            demo: { seedExemptions: true },
            readiness: { notifications: { enabled: false } },
          },
        }),
      ],
    });
    const rows = await knex('readiness_exemptions').orderBy('check_id');
    expect(rows.map(r => [r.check_id, r.status])).toEqual([
      ['security.pen-test', 'approved'],
      ['support.runbooks', 'pending'],
    ]);
    expect(
      await knex('readiness_history').where({ subject: 'exemption' }),
    ).toHaveLength(3);
  });
});
