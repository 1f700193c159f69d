// packages/backend/src/index.ts
import { createBackend } from '@backstage/backend-defaults';
import { uncompressedCatalogServiceFactory } from '@prodready/plugin-readiness-backend';

const backend = createBackend();
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
