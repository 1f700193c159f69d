/**
 * The readiness plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import { isReadinessAvailable } from './components/entity/isReadinessAvailable';
import { READINESS_TAB_PATH } from './hooks/useEntityReadinessLink';
import { rootRouteRef } from './routes';

/** The readiness backend client. @alpha */
export const readinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * Organisation-wide readiness, at `/readiness` with a navigation item. The
 * page brings its own header, so the app's page header is off.
 * @alpha
 */
export const readinessPage = PageBlueprint.make({
  params: {
    path: '/readiness',
    routeRef: rootRouteRef,
    title: 'Readiness',
    icon: <AssessmentIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/organisation/ReadinessPage').then(m => (
        // Its tabs are React Router v6 routes below the page's mount.
        <ReactRouterV6PageRouter>
          <m.ReadinessPage />
        </ReactRouterV6PageRouter>
      )),
  },
});

/** The "Readiness" tab of components, systems and resources. @alpha */
export const entityReadinessContent = EntityContentBlueprint.make({
  params: {
    path: `/${READINESS_TAB_PATH}`,
    title: 'Readiness',
    filter: isReadinessAvailable,
    loader: () =>
      import('./components/entity/EntityReadinessContent').then(m => (
        // Reads `?check=` through React Router v6.
        <ReactRouterV6PageRouter>
          <m.EntityReadinessContent />
        </ReactRouterV6PageRouter>
      )),
  },
});

/** Readiness at a glance on the overview of components, systems and resources. @alpha */
export const entityReadinessCard = EntityCardBlueprint.make({
  name: 'readiness',
  params: {
    filter: isReadinessAvailable,
    loader: () =>
      import('./components/entity/EntityReadinessCard').then(m => (
        <m.EntityReadinessCard />
      )),
  },
});

/** The Minimum Viable Organisation roles of components, systems and resources. @alpha */
export const entityReadinessRolesCard = EntityCardBlueprint.make({
  name: 'readiness-roles',
  params: {
    filter: isReadinessAvailable,
    type: 'content',
    loader: () =>
      import('./components/entity/EntityReadinessRolesCard').then(m => (
        <m.EntityReadinessRolesCard />
      )),
  },
});

/** A team's readiness rollup on Group pages. @alpha */
export const entityGroupReadinessCard = EntityCardBlueprint.make({
  name: 'group-readiness',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/entity/EntityGroupReadinessCard').then(m => (
        <m.EntityGroupReadinessCard />
      )),
  },
});

/** The "My readiness" card of the home page. @alpha */
export const myReadinessWidget = HomePageWidgetBlueprint.make({
  name: 'my-readiness',
  params: {
    title: 'My readiness',
    description:
      'Your entities and their readiness levels, and the answers that expire soon',
    components: () =>
      import('./components/home/MyReadinessCard').then(m => ({
        Content: m.MyReadinessContent,
      })),
  },
});

/**
 * The readiness plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'readiness',
  title: 'Readiness',
  icon: <AssessmentIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [
    readinessApi,
    readinessPage,
    entityReadinessContent,
    entityReadinessCard,
    entityReadinessRolesCard,
    entityGroupReadinessCard,
    myReadinessWidget,
  ],
});
