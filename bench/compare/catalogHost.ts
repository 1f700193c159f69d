/*
 * The real Backstage catalog both sides read, in a process of its own (so
 * its memory counts for neither): catalog-backend on PostgreSQL, fed the
 * bench organisation by one entity provider. Processing runs once: the bench
 * waits for it, and a 24-hour processing interval keeps the catalog idle
 * while the two sides are measured.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { readFileSync } from 'fs';
import { serveBenchCommands } from './benchScheduler';
import { backendConfig, readEnvironment } from './environment';

const env = readEnvironment();
const LOCATION_KEY = 'bench-compare-organisation';

const organisationProvider: EntityProvider = {
  getProviderName: () => 'bench-compare-organisation',
  async connect(connection) {
    const entities: Entity[] = JSON.parse(
      readFileSync(env.organisationFile, 'utf8'),
    );
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey: LOCATION_KEY })),
    });
  },
};

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () =>
      new ConfigReader({
        ...backendConfig(env, env.ports.catalog),
        catalog: {
          rules: [
            {
              allow: [
                'Component',
                'System',
                'Resource',
                'Domain',
                'Group',
                'User',
              ],
            },
          ],
          processingInterval: { hours: 24 },
        },
      }),
  }),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-compare-organisation',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(organisationProvider);
        },
      });
    },
  }),
);
backend.start().then(serveBenchCommands, error => {
  console.error(error);
  process.exit(1);
});
