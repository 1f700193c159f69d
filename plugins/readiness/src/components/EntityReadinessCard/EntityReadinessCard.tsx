import {
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useScorecard } from '../useScorecard';

/** Readiness summary for the entity overview page. @public */
export function EntityReadinessCard() {
  const { value, loading, error } = useScorecard();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { scorecard, model } = value!;
  const level = model.levels.find(l => l.id === scorecard.level);
  return (
    <InfoCard title="Readiness">
      <Gauge value={(scorecard.score ?? 0) / 100} />
      <Typography>Level: {level?.title ?? 'none yet'}</Typography>
    </InfoCard>
  );
}
