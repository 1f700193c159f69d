import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  NavContentBlueprint,
  SignInPageBlueprint,
} from '@backstage/plugin-app-react';
import { DemoNavContent } from './components/nav';

/**
 * The demo's customisations of the app itself: the sign-in page and the
 * sidebar. Both blueprints are reserved for the `app` plugin, hence a module.
 */
export const demoAppModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: () => import('./components/signIn').then(m => m.DemoSignInPage),
      },
    }),
    NavContentBlueprint.make({
      params: { component: DemoNavContent },
    }),
  ],
});
