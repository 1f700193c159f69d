import Box from '@material-ui/core/Box';
import HistoryIcon from '@material-ui/icons/History';
import { formatDateTime, timeAgo } from '../../../lib/format';
import { ToneChip } from '../StatusChip';

/**
 * The subheader of computed results: how long ago they were computed (the
 * exact time on hover) and whether they are stale, with why.
 */
export function ComputedSubheader(props: {
  /** Left out when the time is not known or does not apply. */
  computedAt?: string;
  now: Date;
  stale: boolean;
  /** Why the results may be out of date. */
  staleTitle: string;
}) {
  const { computedAt, now, stale, staleTitle } = props;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      {computedAt && (
        <span title={formatDateTime(computedAt)}>
          Computed {timeAgo(computedAt, now)}
        </span>
      )}
      {stale && (
        <ToneChip
          tone="warning"
          icon={<HistoryIcon />}
          label="Stale"
          title={staleTitle}
        />
      )}
    </Box>
  );
}
