/*
 * The Tech Insights side: a real backend with
 * @backstage-community/plugin-tech-insights-backend, its JSON-rules check
 * module, the bench's fact retriever and ten checks, on PostgreSQL, reading
 * the catalog host over HTTP. Packages come from this workspace
 * (bench/compare/tech-insights), never from the repository's. Its own
 * process, so its peak RSS is Tech Insights' alone.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { benchSchedulerFactory, serveBenchCommands } from '../benchScheduler';
import { backendConfig, readEnvironment } from '../environment';
import {
  FACT_RETRIEVER_ID,
  readinessFactRetriever,
  techInsightsChecks,
} from './readinessFactRetriever';

const env = readEnvironment();

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () =>
      new ConfigReader({
        ...backendConfig(env, env.ports.techInsights),
        techInsights: {
          factRetrievers: {
            // The bench scheduler runs it on demand; the cadence is never used.
            [FACT_RETRIEVER_ID]: {
              cadence: '0 0 1 1 *',
              // Pruning by count (`maxItems`) runs a window-function delete
              // over every fact: ten minutes at 1,000 entities in a trial. A
              // time to live prunes with a plain range delete.
              lifecycle: { timeToLive: { weeks: 2 } },
            },
          },
          factChecker: { checks: techInsightsChecks },
        },
      }),
  }),
);
backend.add(benchSchedulerFactory({ createServiceFactory, coreServices }));
backend.add(techInsightsPlugin);
backend.add(jsonRulesModule);
backend.add(
  createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'bench-compare-readiness-facts',
    register(reg) {
      reg.registerInit({
        deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
        async init({ retrievers }) {
          retrievers.addFactRetrievers({
            [FACT_RETRIEVER_ID]: readinessFactRetriever,
          });
        },
      });
    },
  }),
);
backend.start().then(serveBenchCommands, error => {
  console.error(error);
  process.exit(1);
});
