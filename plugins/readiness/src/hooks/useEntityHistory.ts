import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../api/ReadinessApi';

/**
 * The change history and daily score snapshots of an entity; `revision`
 * changes after each write so the history shows it.
 */
export function useEntityHistory(entityRef: string, revision: number) {
  const api = useApi(readinessApiRef);
  return useAsyncRetry(
    () => api.getHistory(entityRef),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, entityRef, revision],
  );
}
