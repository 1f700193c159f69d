/*
 * The demo portal's backend: the catalog with the demo organisation, sign-in
 * that works offline, the permission framework with the demo policy, and the
 * readiness plugin with its integrations module.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('./modules/demoSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@prodready/plugin-readiness-backend'));
backend.add(import('@prodready/plugin-readiness-backend-module-integrations'));

backend.start();
