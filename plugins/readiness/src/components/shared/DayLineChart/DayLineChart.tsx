import { ReactNode } from 'react';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay } from '../../../lib/format';

/**
 * The frame of the charts over days (score trends, campaign burn-ups): an
 * image to assistive technology labelled by the caller, a grid, days on the
 * x axis and the caller's y axis; the lines and extras are the children.
 */
export function DayLineChart(props: {
  label: string;
  height: number;
  data: object[];
  yAxis: { domain?: [number, number]; allowDecimals?: boolean; unit?: string };
  children: ReactNode;
}) {
  const { label, height, data, yAxis, children } = props;
  const theme = useTheme();
  const tick = { fontSize: 11, fill: theme.palette.text.secondary };
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: 480, height }}
      >
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
          // The wrapper is the chart to assistive technology (an image
          // labelled by the caller): no keyboard stop of its own inside.
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => formatDay(day)}
            tick={tick}
            minTickGap={24}
          />
          <YAxis
            domain={yAxis.domain}
            allowDecimals={yAxis.allowDecimals}
            tick={tick}
            tickFormatter={
              yAxis.unit ? (v: number) => `${v}${yAxis.unit}` : undefined
            }
          />
          {children}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
