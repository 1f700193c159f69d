import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../api/ReadinessApi';
import {
  acquireScorecardStore,
  EntityScorecardStore,
  ScorecardSnapshot,
} from './entityScorecardStore';

export type { EntityScorecardState } from './entityScorecardStore';

const LOADING: ScorecardSnapshot = { loading: true };

/**
 * The scorecard of the entity in context and the model to read it with,
 * shared by every view of the entity on the page. Writes return the
 * recomputed scorecard; `replaceScorecard` shows it at once in all of them
 * instead of fetching again.
 */
export function useEntityScorecard() {
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  // The entity as this page read it: its scorecard is current when stored for it.
  const etag = entity.metadata.etag;
  const [store, setStore] = useState<EntityScorecardStore>();
  const [snapshot, setSnapshot] = useState(LOADING);
  useEffect(() => {
    const acquired = acquireScorecardStore(api, entityRef, etag);
    setStore(acquired.store);
    setSnapshot(acquired.store.current);
    const unsubscribe = acquired.store.subscribe(setSnapshot);
    return () => {
      unsubscribe();
      acquired.release();
    };
  }, [api, entityRef, etag]);

  const retry = useCallback(() => store?.reload(), [store]);
  const replaceScorecard = useCallback(
    (scorecard: EntityScorecard | undefined) => store?.replace(scorecard),
    [store],
  );

  return {
    entityRef,
    value: snapshot.value,
    // A reload keeps what is shown; only the first read shows progress.
    loading: snapshot.loading && !snapshot.value,
    /** Why there is nothing to show. */
    error: snapshot.value ? undefined : snapshot.error,
    /** Why a reload failed while the scorecard as last read is shown. */
    refreshError: snapshot.value ? snapshot.error : undefined,
    retry,
    replaceScorecard,
  };
}
