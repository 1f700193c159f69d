/*
 * The portal's backend: the catalog with the demo organisation, the auth
 * backend (the guest and demo sign-in providers only take effect with
 * app-config.demo.yaml, in development), the permission framework with the
 * portal policy, and the readiness plugin with its integrations module.
 * app-config.production.yaml runs the same backend as a deployment.
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
