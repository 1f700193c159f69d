export { ScoreTrendChart, describeTrend } from './ScoreTrendChart';
export type { TrendSeries } from './ScoreTrendChart';
