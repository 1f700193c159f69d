/*
 * This project's side: a real backend with the readiness plugin and its
 * integrations module, as the demo portal runs them (with the catalog's
 * replies uncompressed), on PostgreSQL, reading the catalog host over HTTP.
 * The bench runs its full run through the bench scheduler and reads
 * scorecards over HTTP. Its own process, so its peak RSS is the readiness
 * backend's alone.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import readinessPlugin, {
  uncompressedCatalogServiceFactory,
} from '@prodready/plugin-readiness-backend';
import integrationsModule from '@prodready/plugin-readiness-backend-module-integrations';
import { benchSchedulerFactory, serveBenchCommands } from './benchScheduler';
import { backendConfig, readEnvironment } from './environment';

const env = readEnvironment();

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(backendConfig(env, env.ports.readiness)),
  }),
);
backend.add(benchSchedulerFactory({ createServiceFactory, coreServices }));
backend.add(readinessPlugin);
// As the demo portal adds it: the catalog's replies uncompressed.
backend.add(uncompressedCatalogServiceFactory);
backend.add(integrationsModule);
backend.start().then(serveBenchCommands, error => {
  console.error(error);
  process.exit(1);
});
