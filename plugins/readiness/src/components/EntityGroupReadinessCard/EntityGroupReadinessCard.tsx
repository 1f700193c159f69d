import {
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';

/** The readiness rollup of the group in context, for Group pages. @public */
export function EntityGroupReadinessCard() {
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getRollup(ref),
    [api, ref],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { rollup } = value!;
  return (
    <InfoCard title="Team readiness">
      <Gauge value={(rollup.score ?? 0) / 100} />
      <Typography>
        {rollup.aggregate.entities} entities owned by the team and its sub-teams
      </Typography>
    </InfoCard>
  );
}
