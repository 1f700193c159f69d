import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CheckResult } from '@prodready/plugin-readiness-common';
import { formatDay } from '../../../lib/format';
import { StatusChip, ToneChip } from './StatusChip';
import ScheduleIcon from '@material-ui/icons/Schedule';

/**
 * A staged check before its date: "Upcoming" with the day it starts to
 * count, and the status it would have with today's answers.
 */
export function UpcomingStatusChip(props: {
  upcoming: NonNullable<CheckResult['upcoming']>;
}) {
  const { effectiveFrom, status } = props.upcoming;
  const day = formatDay(effectiveFrom);
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 4 }}>
      <ToneChip
        tone="info"
        icon={<ScheduleIcon />}
        label={`Upcoming · from ${day}`}
        title={`Counts in the score and level from ${day}; until then it counts nowhere`}
      />
      <Typography variant="caption" color="textSecondary">
        would be
      </Typography>
      <StatusChip status={status} />
    </Box>
  );
}
