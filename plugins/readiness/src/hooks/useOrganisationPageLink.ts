import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../routes';

/**
 * The path of the organisation readiness page, or undefined when the app
 * does not mount it (a legacy app without `<ReadinessPage />`, or
 * `page:readiness` disabled): the tab and the cards then render without
 * their links to it.
 */
export function useOrganisationPageLink(): string | undefined {
  // useRouteRef throws "No path for routeRef{...}" for a route that is not
  // bound (only external route refs can be optional). It calls all of its
  // hooks before it throws, so catching keeps the hook order stable.
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}
