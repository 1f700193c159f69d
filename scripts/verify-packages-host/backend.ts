// packages/backend/src/index.ts
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  schedulerGuard,
  scopedStaticTokens,
  uncompressedCatalogServiceFactory,
} from '@prodready/plugin-readiness-backend';

const backend = createBackend();
// Backstage's scheduler endpoint checks no permission: users and scoped
// static tokens may not start or cancel tasks through it.
backend.add(
  rootHttpRouterServiceFactory({
    configure({ app, config, applyDefaults }) {
      app.use(schedulerGuard(scopedStaticTokens(config)));
      applyDefaults();
    },
  }),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./readinessPermissionPolicy'));
backend.add(import('@prodready/plugin-readiness-backend'));
// optional: the plugins' catalog reads uncompressed (the catalog runs here)
backend.add(uncompressedCatalogServiceFactory);
// optional: automatic evidence from integration annotations
backend.add(import('@prodready/plugin-readiness-backend-module-integrations'));
// optional: checks, categories and detectors of your own
backend.add(import('./readinessCompliance'));
backend.start();
