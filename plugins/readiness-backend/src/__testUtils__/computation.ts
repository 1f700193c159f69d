import { mockServices } from '@backstage/backend-test-utils';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { ReadinessComputation } from '../service/ReadinessComputation';

/** The engine of the default checklist with the catalog's detectors, as the plugin builds it. */
export function defaultEngine(): ReadinessEngine {
  return new ReadinessEngine(buildReadinessModel(), catalogDetectors);
}

/** The plugin's store on a test database, its migrations run. */
export function storeOn(knex: Knex): Promise<DatabaseReadinessStore> {
  return DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
}

type ComputationDeps = ConstructorParameters<typeof ReadinessComputation>[0];

/**
 * A computation on `deps.store` and `deps.catalog`, with what the tests
 * leave alike unless they give it: the default engine, mock auth and
 * logger, 400 days of snapshots.
 */
export function testComputation(
  deps: Pick<ComputationDeps, 'store' | 'catalog'> & Partial<ComputationDeps>,
): ReadinessComputation {
  return new ReadinessComputation({
    engine: defaultEngine(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    snapshotRetentionDays: 400,
    ...deps,
  });
}
