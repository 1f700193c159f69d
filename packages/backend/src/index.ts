/*
 * The portal's backend: the catalog with the demo organisation, the auth
 * backend (the guest and demo sign-in providers only take effect with
 * app-config.demo.yaml, in development), the permission framework with the
 * portal policy, notifications and signals, the readiness plugin with its
 * integrations module, and the MCP actions backend serving the readiness
 * actions to AI agents.
 * app-config.production.yaml runs the same backend as a deployment.
 */

import { createBackend } from '@backstage/backend-defaults';
import { uncompressedCatalogServiceFactory } from '@prodready/plugin-readiness-backend';
import { guardedRootHttpRouter } from './modules/guardedRootHttpRouter';

const backend = createBackend();

// Users may not start or cancel scheduled tasks (the full run, the search
// reindex) through Backstage's scheduler API, which checks no permission.
backend.add(guardedRootHttpRouter);

// The catalog runs in this backend: its replies to the plugins' reads are
// not compressed only to be inflated again by the same process.
backend.add(uncompressedCatalogServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('./modules/demoSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// Notifications (the bell) with signals pushing them to open browsers; the
// readiness plugin sends its notices through them.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@prodready/plugin-readiness-backend'));
backend.add(import('@prodready/plugin-readiness-backend-module-integrations'));
// Demo data: a pending and an approved exemption (demo.seedExemptions).
backend.add(import('./modules/demoExemptions'));

// The actions of the plugins in backend.actions.pluginSources (readiness) as
// MCP tools for AI agents, at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Backstage search with the readiness collator: searching "restore test"
// finds the entities whose restore test is failing.
backend.add(import('@backstage/plugin-search-backend'));
// On PostgreSQL the index lives in the database, so every instance answers
// from the same index and none holds it in memory; on SQLite (the demo) the
// module stands aside and search keeps its in-memory Lunr index.
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@prodready/plugin-search-backend-module-readiness'));

backend.start();
