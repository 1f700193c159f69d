import { createRouteRef } from '@backstage/core-plugin-api';

/** The organisation-wide readiness page. @public */
export const rootRouteRef = createRouteRef({ id: 'readiness' });
