import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { CampaignCounts } from '@prodready/plugin-readiness-common';

/**
 * Share done, as a whole percentage; 100 when the campaign asks nobody.
 * Rounded down: 100% (and a full bar) only once everyone is done.
 */
export const percentDone = ({ total, done }: CampaignCounts) =>
  total === 0 ? 100 : Math.floor((done / total) * 100);

/**
 * `7 of 12 done (58%)` with a bar; the bar is red once the deadline passed.
 * While the backend computes the progress of a campaign just created or
 * changed (`pending`), a moving bar says so instead of counts that are not
 * the campaign's yet.
 */
export function CampaignProgressBar(props: {
  counts: CampaignCounts & { pending?: boolean };
  label: string;
}) {
  const { counts, label } = props;
  if (counts.pending) {
    return (
      <Box minWidth={140}>
        <LinearProgress aria-label={`${label}: computing progress`} />
        <Typography variant="caption" color="textSecondary">
          Computing progress…
        </Typography>
      </Box>
    );
  }
  const percent = percentDone(counts);
  return (
    <Box minWidth={140}>
      <LinearProgress
        variant="determinate"
        value={percent}
        color={counts.overdue > 0 ? 'secondary' : 'primary'}
        aria-label={`${label}: ${counts.done} of ${counts.total} done`}
      />
      <Typography variant="caption" color="textSecondary">
        {counts.done} of {counts.total} done ({percent}%)
        {counts.overdue > 0 ? `, ${counts.overdue} overdue` : ''}
      </Typography>
    </Box>
  );
}
