import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityScorecard,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../api/ReadinessApi';

/** What the readiness views of one entity render. */
export interface EntityScorecardState {
  model: ReadinessModel;
  scorecard: EntityScorecard;
  stale: boolean;
}

/**
 * The scorecard of the entity in context and the model to read it with.
 * Writes return the recomputed scorecard; `replaceScorecard` shows it at once
 * instead of fetching again.
 */
export function useEntityScorecard() {
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  // The entity as this page read it: its scorecard is current when stored for it.
  const etag = entity.metadata.etag;
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [model, response] = await Promise.all([
      api.getModel(),
      api.getScorecard(entityRef, { etag }),
    ]);
    return { model, ...response };
  }, [api, entityRef, etag]);

  const [latest, setLatest] = useState<EntityScorecardState>();
  useEffect(() => setLatest(value), [value]);

  const replaceScorecard = useCallback(
    (scorecard: EntityScorecard | undefined) => {
      if (!scorecard) {
        retry();
        return;
      }
      setLatest(current =>
        current ? { ...current, scorecard, stale: false } : current,
      );
    },
    [retry],
  );

  return {
    entityRef,
    value: latest ?? value,
    loading: loading && !latest,
    error,
    retry,
    replaceScorecard,
  };
}
