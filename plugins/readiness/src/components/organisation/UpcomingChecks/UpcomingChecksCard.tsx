import { memo } from 'react';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ReadinessModel,
  UpcomingImpact,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  daysUntil,
  formatDateTime,
  formatLongDay,
  inDays,
} from '../../../lib/format';
import { levelTitle } from '../../../lib/presentation';

/** Whether the model has staged checks (`effectiveFrom`) at all. */
export function hasStagedChecks(model: ReadinessModel): boolean {
  return model.checks.some(check => check.effectiveFrom);
}

const entities = (n: number) => `${n} ${n === 1 ? 'entity' : 'entities'}`;

/** "14 entities drop out of Silver", highest level first. */
function dropSentences(model: ReadinessModel, impact: UpcomingImpact) {
  const sentences = [...model.levels]
    .reverse()
    .filter(level => impact.dropOutOf[level.id])
    .map(
      level =>
        `${entities(impact.dropOutOf[level.id])} ${
          impact.dropOutOf[level.id] === 1 ? 'drops' : 'drop'
        } out of ${levelTitle(model, level.id)}`,
    );
  if (impact.newlyBelowGate) {
    sentences.push(
      `${entities(impact.newlyBelowGate)} in production ${
        impact.newlyBelowGate === 1 ? 'falls' : 'fall'
      } below the lifecycle gate`,
    );
  }
  return sentences;
}

function ImpactOfDay(props: {
  model: ReadinessModel;
  impact: UpcomingImpact;
  now: Date;
}) {
  const { model, impact, now } = props;
  const day = formatLongDay(impact.effectiveFrom);
  const titles = impact.checks.map(
    id => model.checks.find(c => c.id === id)?.title ?? id,
  );
  const drops = dropSentences(model, impact);
  return (
    <Box component="li" mb={2} aria-label={`On ${day}`}>
      <Typography variant="subtitle2">
        On {day} ({inDays(daysUntil(impact.effectiveFrom, now))}):{' '}
        {titles.join(', ')} {titles.length === 1 ? 'starts' : 'start'} to count
        for {entities(impact.entities)}
      </Typography>
      {drops.length ? (
        <ul>
          {drops.map(sentence => (
            <li key={sentence}>
              <Typography variant="body2">
                On {day}, {sentence}
              </Typography>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No entity loses a level with today’s answers.
        </Typography>
      )}
    </Box>
  );
}

/**
 * The impact of the staged checks on their dates: who drops out of which
 * level if nothing changes before then. Precomputed by the backend's full
 * run; the page reads one small stored report.
 */
export const UpcomingChecksCard = memo(
  function UpcomingChecksCardComponent(props: {
    model: ReadinessModel;
    /** The clock, for "in N days" (tests pass a fixed one). */
    now?: Date;
  }) {
    const { model } = props;
    const now = props.now ?? new Date();
    const api = useApi(readinessApiRef);
    const { value, loading, error } = useAsync(
      () => api.getUpcomingImpact(),
      [api],
    );
    let body;
    if (loading) {
      body = <Progress />;
    } else if (error) {
      body = (
        <WarningPanel
          title="The impact of upcoming checks could not be loaded"
          message={error.message}
        />
      );
    } else if (!value?.impacts.length) {
      body = (
        <Typography variant="body2" color="textSecondary">
          {value?.computedAt
            ? 'No staged check is ahead.'
            : 'The impact appears after the next full readiness computation.'}
        </Typography>
      );
    } else {
      body = (
        <ul aria-label="Upcoming checks by date" style={{ paddingLeft: 0 }}>
          {value.impacts.map(impact => (
            <ImpactOfDay
              key={impact.effectiveFrom}
              model={model}
              impact={impact}
              now={now}
            />
          ))}
        </ul>
      );
    }
    return (
      <InfoCard
        title="Upcoming checks"
        subheader={`Staged checks count from their date on; until then they are shown as upcoming.${
          value?.computedAt
            ? ` Impact computed ${formatDateTime(value.computedAt)}.`
            : ''
        }`}
      >
        {body}
      </InfoCard>
    );
  },
);
