import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../../api/ReadinessApi';

/** The scorecard of the entity in context, and the model to read it with. */
export function useScorecard() {
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  const state = useAsyncRetry(async () => {
    const [model, response] = await Promise.all([
      api.getModel(),
      api.getScorecard(entityRef),
    ]);
    return { model, ...response };
  }, [api, entityRef]);
  return { entityRef, ...state };
}
