import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { CostTable } from '@prodready/plugin-readiness-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { compactUsers, formatMoney, usersPhrase } from './money';

/** `Monthly cost in EUR: €450 with no users, €455 at 1 user, …`. */
export function describeCostCurve(table: CostTable): string {
  const points = table.tiers.map(
    t =>
      `${formatMoney(t.monthlyCost, table.currency)} ${
        t.users === 0 ? 'with' : 'at'
      } ${usersPhrase(t.users)}`,
  );
  return `Monthly cost in ${table.currency}: ${points.join(', ')}`;
}

/**
 * The cost curve: monthly cost against the number of users on a log scale.
 * A log axis has no zero, so the idle cost (no users) is a horizontal line.
 * The chart is an image to assistive technology; its label lists every
 * figure.
 */
export function CostCurveChart(props: { table: CostTable; height?: number }) {
  const { table, height = 240 } = props;
  const theme = useTheme();
  const idle = table.tiers.find(t => t.users === 0);
  const data = table.tiers.filter(t => t.users > 0);
  const money = (v: number) => formatMoney(v, table.currency);
  const label = describeCostCurve(table);
  if (data.length === 0) {
    return (
      <Typography variant="body2" aria-label={label}>
        Only the idle cost is known:{' '}
        {idle ? money(idle.monthlyCost) : 'nothing'} a month with no users. Add
        the cost at 1 to 1,000,000 users to draw the curve.
      </Typography>
    );
  }
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: 480, height }}
      >
        <LineChart
          data={data}
          margin={{ top: 16, right: 24, bottom: 8 }}
          // The wrapper is the chart to assistive technology (an image with
          // every figure in its label): no keyboard stop of its own inside.
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="users"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            ticks={data.map(t => t.users)}
            tickFormatter={compactUsers}
            tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
            label={{
              value: 'users (log scale)',
              position: 'insideBottom',
              offset: -4,
              fontSize: 11,
            }}
          />
          <YAxis
            tickFormatter={money}
            width={72}
            tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
          />
          <Tooltip
            labelFormatter={users => usersPhrase(Number(users))}
            formatter={(value: unknown) => [money(Number(value)), 'per month']}
          />
          {idle && (
            <ReferenceLine
              y={idle.monthlyCost}
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 4"
              label={{
                value: `idle ${money(idle.monthlyCost)}`,
                position: 'insideTopLeft',
                fontSize: 11,
              }}
            />
          )}
          <Line
            type="linear"
            dataKey="monthlyCost"
            name="Monthly cost"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
