import { useCallback } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * Confirms a write whose dialog closed or whose row went: a short-lived
 * message in the portal's alert display, which screen readers announce,
 * where the page alone would change without a word.
 */
export function useSuccessNotice(): (message: string) => void {
  const alertApi = useApi(alertApiRef);
  return useCallback(
    (message: string) =>
      alertApi.post({ message, severity: 'success', display: 'transient' }),
    [alertApi],
  );
}
