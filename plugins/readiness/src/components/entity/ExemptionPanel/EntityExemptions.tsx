import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { ExemptionListResponse } from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';

/** An entity's exemptions as the check details share them. */
export interface EntityExemptionList {
  value?: ExemptionListResponse;
  error?: Error;
  loading: boolean;
  retry: () => void;
}

interface Shared extends EntityExemptionList {
  need: () => void;
}

const ExemptionListContext = createContext<Shared | undefined>(undefined);

/**
 * Reads an entity's exemptions once for all its checks' details, when the
 * first of them is shown (none is read for a page whose details stay
 * closed), and again when one of them asks (after a change).
 */
export function EntityExemptionsProvider(props: {
  entityRef: string;
  children: ReactNode;
}) {
  const { entityRef } = props;
  const api = useApi(readinessApiRef);
  const [needed, setNeeded] = useState(false);
  const listed = useAsyncRetry(
    async () => (needed ? api.listExemptions(entityRef) : undefined),
    [api, entityRef, needed],
  );
  const { value, error, loading, retry } = listed;
  const need = useCallback(() => setNeeded(true), []);
  const shared = useMemo<Shared>(
    () => ({
      value,
      error,
      loading: !needed || loading,
      retry,
      need,
    }),
    [value, error, loading, retry, needed, need],
  );
  return (
    <ExemptionListContext.Provider value={shared}>
      {props.children}
    </ExemptionListContext.Provider>
  );
}

/** The exemptions of the entity whose checks are shown, read on first use. */
export function useEntityExemptions(): EntityExemptionList {
  const shared = useContext(ExemptionListContext);
  if (!shared) {
    throw new Error(
      'useEntityExemptions needs an EntityExemptionsProvider around it',
    );
  }
  const { need } = shared;
  useEffect(need, [need]);
  return shared;
}
