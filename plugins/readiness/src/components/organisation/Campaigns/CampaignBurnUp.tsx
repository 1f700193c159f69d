import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { CampaignHistoryPoint } from '@prodready/plugin-readiness-common';
import { Legend, Line, ReferenceLine, Tooltip } from 'recharts';
import { formatDay } from '../../../lib/format';
import { DayLineChart } from '../../shared/DayLineChart';

/** `12 entities asked; 3 done on 1 Nov 2026, 9 on 1 Dec 2026`. */
export function describeBurnUp(history: CampaignHistoryPoint[]): string {
  if (!history.length) return 'No days recorded yet';
  const first = history[0];
  const last = history[history.length - 1];
  return `${last.total} entities asked; ${first.done} done on ${formatDay(
    first.day,
  )}, ${last.done} on ${formatDay(last.day)}`;
}

/**
 * The burn-up of a campaign: entities done per day against the entities it
 * asks, with the deadline marked. An image to assistive technology, its
 * label says where the lines start and end.
 */
export function CampaignBurnUp(props: {
  history: CampaignHistoryPoint[];
  deadline: string;
  title: string;
  height?: number;
}) {
  const { history, deadline, title, height = 220 } = props;
  const theme = useTheme();
  const label = `${title}. ${describeBurnUp(history)}. Deadline ${formatDay(
    deadline,
  )}.`;
  if (!history.length) {
    return (
      <Typography variant="body2" color="textSecondary" aria-label={label}>
        No days recorded yet; the first appears after the campaign's progress is
        computed.
      </Typography>
    );
  }
  // The deadline on the axis even before the campaign reaches it.
  const data =
    history[history.length - 1].day < deadline
      ? [...history, { day: deadline }]
      : history;
  return (
    <DayLineChart
      label={label}
      height={height}
      data={data}
      yAxis={{ allowDecimals: false }}
    >
      <Tooltip labelFormatter={day => formatDay(String(day))} />
      <Legend />
      <ReferenceLine
        x={deadline}
        stroke={theme.palette.status.error}
        strokeDasharray="4 4"
        label={{ value: 'Deadline', fontSize: 11, position: 'top' }}
      />
      <Line
        type="stepAfter"
        dataKey="total"
        name="Asked"
        stroke={theme.palette.text.secondary}
        dot={false}
        connectNulls
      />
      <Line
        type="monotone"
        dataKey="done"
        name="Done"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        dot={history.length < 20}
        connectNulls
        isAnimationActive={false}
      />
    </DayLineChart>
  );
}
