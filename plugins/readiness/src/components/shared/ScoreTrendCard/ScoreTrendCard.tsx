import { memo } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ScoreTrendChart, TrendSeries } from '../ScoreTrendChart';

/** A score trend chart in a card, with its loading and error states. */
export const ScoreTrendCard = memo(function ScoreTrendCardComponent(props: {
  title?: string;
  subheader?: string;
  series?: TrendSeries[];
  loading?: boolean;
  error?: Error;
}) {
  const { title = 'Score trend', subheader, series, loading, error } = props;
  return (
    <InfoCard title={title} subheader={subheader} variant="fullHeight">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {series && !loading && !error && (
        <ScoreTrendChart series={series} title={title} />
      )}
    </InfoCard>
  );
});
