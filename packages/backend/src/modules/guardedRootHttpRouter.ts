import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  schedulerGuard,
  scopedStaticTokens,
} from '@prodready/plugin-readiness-backend';

/** The root HTTP router with the readiness scheduler guard before every plugin's routes. */
export const guardedRootHttpRouter = rootHttpRouterServiceFactory({
  configure({ app, config, applyDefaults }) {
    app.use(schedulerGuard(scopedStaticTokens(config)));
    applyDefaults();
  },
});
