import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ScoreSnapshot } from '@prodready/plugin-readiness-common';
import { Legend, Line, Tooltip } from 'recharts';
import { formatDay, formatScore } from '../../../lib/format';
import { DayLineChart } from '../DayLineChart';

/** One line of the chart. */
export interface TrendSeries {
  name: string;
  points: ScoreSnapshot[];
}

/** `Payments: 40% on 1 Nov 2026 to 46.8% on 26 Nov 2026`. */
export function describeTrend(series: TrendSeries): string {
  const scored = series.points.filter(p => p.score !== null);
  if (scored.length === 0) return `${series.name}: no scores yet`;
  const first = scored[0];
  const last = scored[scored.length - 1];
  if (scored.length === 1) {
    return `${series.name}: ${formatScore(first.score)} on ${formatDay(
      first.day,
    )}`;
  }
  return `${series.name}: ${formatScore(first.score)} on ${formatDay(
    first.day,
  )} to ${formatScore(last.score)} on ${formatDay(last.day)}`;
}

/** Rows of `{ day, s0, s1, … }` merged by day, for recharts. */
function mergeByDay(series: TrendSeries[]) {
  const rows = new Map<string, Record<string, string | number | null>>();
  series.forEach((s, i) => {
    for (const point of s.points) {
      const row = rows.get(point.day) ?? { day: point.day };
      row[`s${i}`] = point.score;
      rows.set(point.day, row);
    }
  });
  return [...rows.values()].sort((a, b) =>
    String(a.day).localeCompare(String(b.day)),
  );
}

/**
 * Daily scores over time as lines (0–100). The chart is an image to
 * assistive technology; its label states where each line starts and ends.
 */
export function ScoreTrendChart(props: {
  series: TrendSeries[];
  title: string;
  height?: number;
}) {
  const { series, title, height = 220 } = props;
  const theme = useTheme();
  const colours = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.status.warning,
    theme.palette.status.ok,
  ];
  // Lines differ by dash as well as colour, for who cannot tell the colours apart.
  const dashes = [undefined, '6 3', '2 3', '8 3 2 3'];
  const data = mergeByDay(series);
  const label = `${title}. ${series.map(describeTrend).join('. ')}`;
  if (data.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" aria-label={label}>
        No daily scores recorded yet; the first appears after the next daily
        snapshot.
      </Typography>
    );
  }
  return (
    <DayLineChart
      label={label}
      height={height}
      data={data}
      yAxis={{ domain: [0, 100], unit: '%' }}
    >
      <Tooltip
        labelFormatter={label_ => formatDay(String(label_))}
        formatter={(value: unknown, name: unknown) => [
          formatScore(typeof value === 'number' ? value : null),
          String(name),
        ]}
      />
      {series.length > 1 && <Legend />}
      {series.map((s, i) => (
        <Line
          key={s.name}
          type="monotone"
          dataKey={`s${i}`}
          name={s.name}
          stroke={colours[i % colours.length]}
          strokeDasharray={dashes[i % dashes.length]}
          strokeWidth={2}
          dot={data.length < 20}
          connectNulls
          isAnimationActive={false}
        />
      ))}
    </DayLineChart>
  );
}
