import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite always; PostgreSQL when its connection-string variable is set
 * (`.ci/run` sets BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING).
 * Never Docker: this keeps `CI=true` runs from trying to start containers.
 */
export function createTestDatabases(): TestDatabases {
  const postgres = ([13, 14, 15, 16, 17, 18] as const)
    .filter(
      v =>
        process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${v}_CONNECTION_STRING`],
    )
    .map(v => `POSTGRES_${v}` as TestDatabaseId);
  return TestDatabases.create({
    ids: ['SQLITE_3', ...postgres],
    disableDocker: true,
  });
}
