import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** The path of the readiness tab below an entity page. */
export const READINESS_TAB_PATH = 'readiness';

/**
 * Builds links to an entity's readiness tab, optionally to one check
 * (`?check=<id>` opens and scrolls to that check).
 */
export function useEntityReadinessLink() {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string, checkId?: string) => {
      const base = `${entityRoute(
        entityRouteParams(entityRef, { encodeParams: true }),
      )}/${READINESS_TAB_PATH}`;
      return checkId ? `${base}?check=${encodeURIComponent(checkId)}` : base;
    },
    [entityRoute],
  );
}
