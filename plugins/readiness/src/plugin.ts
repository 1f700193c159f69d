import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createCardExtension } from '@backstage/plugin-home-react';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import { rootRouteRef } from './routes';

/** The readiness frontend plugin (legacy frontend system). @public */
export const readinessPlugin = createPlugin({
  id: 'readiness',
  apis: [
    createApiFactory({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** Organisation-wide readiness scorecards, for a top-level route and a sidebar item. @public */
export const ReadinessPage = readinessPlugin.provide(
  createRoutableExtension({
    name: 'ReadinessPage',
    component: () =>
      import('./components/organisation/ReadinessPage').then(
        m => m.ReadinessPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The "Readiness" tab of an entity page. @public */
export const EntityReadinessContent = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityReadinessContent').then(
          m => m.EntityReadinessContent,
        ),
    },
  }),
);

/** A readiness summary card for the entity overview page. @public */
export const EntityReadinessCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessCard',
    component: {
      lazy: () =>
        import('./components/entity/EntityReadinessCard').then(
          m => m.EntityReadinessCard,
        ),
    },
  }),
);

/** The Minimum Viable Organisation roles of an entity, for entity pages. @public */
export const EntityReadinessRolesCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessRolesCard',
    component: {
      lazy: () =>
        import('./components/entity/EntityReadinessRolesCard').then(
          m => m.EntityReadinessRolesCard,
        ),
    },
  }),
);

/** The readiness rollup of a team, for Group pages. @public */
export const EntityGroupReadinessCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupReadinessCard',
    component: {
      lazy: () =>
        import('./components/entity/EntityGroupReadinessCard').then(
          m => m.EntityGroupReadinessCard,
        ),
    },
  }),
);

/**
 * The "My readiness" card for Backstage's home page: the signed-in user's
 * entities, their levels and the answers that expire soon.
 * @public
 */
export const HomePageMyReadinessCard = readinessPlugin.provide(
  createCardExtension({
    name: 'HomePageMyReadinessCard',
    title: 'My readiness',
    components: () =>
      import('./components/home/MyReadinessCard').then(m => ({
        Content: m.MyReadinessContent,
      })),
  }),
);
