/*
 * The demo portal, on Backstage's new frontend system. The plugins (catalog,
 * catalog graph, org, notifications, signals and readiness) are not listed
 * here: `app.packages: all`
 * in app-config.yaml discovers every frontend plugin this package depends on
 * and installs its `./alpha` export, as in an app made by create-app. Which
 * of their extensions are on, and how they are configured, is set under
 * `app.extensions` there.
 */
import { createApp } from '@backstage/frontend-defaults';
import { demoAppModule } from './demoAppModule';

const app = createApp({
  features: [demoAppModule],
});

export default app.createRoot();
